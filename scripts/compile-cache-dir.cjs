'use strict';
// Where oncall keeps Node's compile cache (V8 code caches of the bundle's chunks). Its text is
// copied into the launcher (scripts/build.mjs) and into the standalone build's entry
// (scripts/build-exe.mjs), which run before anything can be imported; hence builtins through
// process.getBuiltinModule and no module syntax.
//
// Node's own default is `<os.tmpdir()>/node-compile-cache`, one directory for every user of the
// host. On a shared bastion whoever creates it first owns it, and a cache entry is compiled code
// that Node loads in place of our source: another user could plant code that runs with the
// on-call engineer's tokens. So the cache lives in the user's own cache directory
// (`$XDG_CACHE_HOME/oncall/compile-cache`, else `~/.cache/oncall/compile-cache`), created 0700,
// and is used only when that directory belongs to this user and no one else can write to it.
// NODE_COMPILE_CACHE, when set, is the user's explicit choice and wins.
/**
 * The compile cache directory to use, or null for none (start-up is only slower).
 * @param {NodeJS.ProcessEnv} env
 * @returns {string | null}
 */
function oncallCompileCacheDir(env) {
  if (env.NODE_COMPILE_CACHE) return env.NODE_COMPILE_CACHE;
  try {
    const fs = process.getBuiltinModule('node:fs');
    const path = process.getBuiltinModule('node:path');
    const os = process.getBuiltinModule('node:os');
    const xdg = env.XDG_CACHE_HOME;
    const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache');
    const dir = path.join(base, 'oncall', 'compile-cache');
    fs.mkdirSync(dir, {recursive: true, mode: 0o700});
    const st = fs.lstatSync(dir);
    if (!st.isDirectory()) return null;
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return null;
    if ((st.mode & 0o022) !== 0) return null;
    return dir;
  } catch {
    return null;
  }
}
if (typeof exports === 'object') exports.oncallCompileCacheDir = oncallCompileCacheDir;
