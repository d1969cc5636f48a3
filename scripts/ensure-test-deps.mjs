#!/usr/bin/env node
/**
 * Makes sure the programs the tests run for real are installed: Prometheus, Alertmanager and
 * promtool (integration tests), tmux (end-to-end tests), and qemu-aarch64-static with the arm64
 * C libraries (the linux-arm64 standalone build's test), all from Debian's packages. Installs
 * the missing ones with apt-get when it can (root, or passwordless sudo); otherwise says exactly
 * what to install and fails, rather than letting the tests fail with a less clear message.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';

const NEEDED = [
  {bin: 'prometheus', pkg: 'prometheus'},
  {bin: 'promtool', pkg: 'prometheus'},
  {bin: 'prometheus-alertmanager', pkg: 'prometheus-alertmanager'},
  {bin: 'tmux', pkg: 'tmux'},
  {bin: 'qemu-aarch64-static', pkg: 'qemu-user-static'},
  // The libraries the arm64 Node binary links to, for qemu's -L (no multiarch set-up needed).
  {file: '/usr/aarch64-linux-gnu/lib/libc.so.6', pkg: 'libc6-arm64-cross'},
  {file: '/usr/aarch64-linux-gnu/lib/libstdc++.so.6', pkg: 'libstdc++6-arm64-cross'},
  {file: '/usr/aarch64-linux-gnu/lib/libgcc_s.so.1', pkg: 'libgcc-s1-arm64-cross'},
];

const has = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], {stdio: 'ignore'}).status === 0;
const present = (n) => (n.bin ? has(n.bin) : existsSync(n.file));
const missing = [...new Set(NEEDED.filter((n) => !present(n)).map((n) => n.pkg))];
if (missing.length === 0) process.exit(0);

const root = process.getuid?.() === 0;
const sudo = root ? [] : has('sudo') && spawnSync('sudo', ['-n', 'true'], {stdio: 'ignore'}).status === 0 ? ['sudo', '-n'] : null;
if (sudo === null || !has('apt-get')) {
  console.error(`The tests need these Debian packages: ${missing.join(' ')}\nInstall them with: sudo apt-get install -y ${missing.join(' ')}`);
  process.exit(1);
}
console.error(`Installing Debian packages for the tests: ${missing.join(' ')}`);
const run = (args) => execFileSync(sudo[0] ?? args[0], sudo.length ? [...sudo.slice(1), ...args] : args.slice(1), {stdio: ['ignore', 'ignore', 'inherit'], env: {...process.env, DEBIAN_FRONTEND: 'noninteractive'}});
run(['apt-get', 'update', '-qq']);
run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing]);
