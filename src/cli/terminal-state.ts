/**
 * Whether the terminal the process draws on is gone (a hangup, or its streams failing with EIO):
 * set by the dashboard, read where the process ends. A tty whose writes failed can keep Node's
 * event loop alive with nothing left to do, so such a process is ended explicitly once its work
 * (the action log) is done, instead of lingering without a terminal.
 */
export const terminalState = {gone: false};
