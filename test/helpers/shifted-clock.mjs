/**
 * Preloaded with `node --import` into a CLI run by a test: this machine's clock, to the process,
 * is off by `ONCALL_TEST_CLOCK_SHIFT_MS` (positive: ahead), as on a bastion whose clock drifted.
 * Timers are untouched (they run on the monotonic clock), only the wall clock moves.
 */
const shift = Number(process.env.ONCALL_TEST_CLOCK_SHIFT_MS ?? '0');
const machineNow = Date.now;
const Real = Date;
class ShiftedDate extends Real {
  constructor(...args) {
    if (args.length === 0) super(machineNow() + shift);
    else super(...args);
  }
  static now() {
    return machineNow() + shift;
  }
}
globalThis.Date = ShiftedDate;
