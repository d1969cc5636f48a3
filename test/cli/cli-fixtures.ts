/** Temp config files, an injected io and a minimal environment for CLI tests. */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {main} from '../../src/cli/main.ts';

/** A fresh temp folder; `cleanup` removes it. */
export function tempDir(): {dir: string; write(name: string, text: string): string; cleanup(): void} {
  const dir = mkdtempSync(join(tmpdir(), 'oncall-cli-'));
  return {
    dir,
    write(name, text) {
      const path = join(dir, name);
      mkdirSync(dirname(path), {recursive: true});
      writeFileSync(path, text);
      return path;
    },
    cleanup: () => rmSync(dir, {recursive: true, force: true}),
  };
}

/**
 * Runs `main` with the given environment only (nothing from the machine) and captures its output.
 * The locale is UTF-8 unless `env` sets one: without any, the text would be ASCII.
 */
export async function run(argv: string[], env: Record<string, string | undefined>): Promise<{code: number; out: string; err: string}> {
  let out = '';
  let err = '';
  const code = await main(argv, {USER: 'tester', LANG: 'C.UTF-8', ...env}, {out: (t) => (out += t), err: (t) => (err += t)});
  return {code, out, err};
}

/** A valid config with two contexts; `prometheusUrl` and extra Prometheus keys are the test's. */
export function configText(prometheusUrl: string, extraPrometheus = ''): string {
  return `current-context: local
contexts:
  - name: local
    prometheus:
      url: ${prometheusUrl}
${extraPrometheus}    slos:
      - name: api-availability
        service: api
        objective: 99.9
        window: 30d
        errorQuery: 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))'
        totalQuery: 'sum(rate(http_requests_total[{{.window}}]))'
  - name: staging
    readOnly: true
    alertmanagers:
      - name: am-staging
        url: http://127.0.0.1:1
`;
}

/** The config of one context `prod`: a Prometheus and, when given, one Alertmanager named `am`. */
export function prodConfigText(prometheusUrl: string, alertmanagerUrl?: string): string {
  return `current-context: prod\ncontexts:\n  - name: prod\n    prometheus: {url: ${prometheusUrl}}\n${alertmanagerUrl ? `    alertmanagers: [{name: am, url: ${alertmanagerUrl}}]\n` : ''}`;
}

/** `run` in `tmp`: its HOME, and its action log under `state/`. */
export function runIn(tmp: {dir: string}): (...argv: string[]) => ReturnType<typeof run> {
  return (...argv) => run(argv, {HOME: tmp.dir, XDG_STATE_HOME: `${tmp.dir}/state`});
}
