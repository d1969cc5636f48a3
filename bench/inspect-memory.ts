/**
 * Reads a running node process's memory from the inside, through its inspector (the program is
 * started with `--inspect=127.0.0.1:PORT`): `process.memoryUsage()` and V8's heap spaces. With
 * RSS alone one cannot tell a big live heap from a heap V8 merely grew, or from native memory.
 */

/** Memory figures in MiB: the process's, and per V8 heap space (size / used). */
export interface InsideMemory {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  spaces: Record<string, {size: number; used: number}>;
}

const EXPRESSION = `JSON.stringify({m: process.memoryUsage(), s: process.getBuiltinModule('v8').getHeapSpaceStatistics()})`;

/** Evaluates the figures in the process listening on `port`; null when it cannot be reached. */
export async function inspectMemory(port: number): Promise<InsideMemory | null> {
  try {
    const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{webSocketDebuggerUrl: string}>;
    const ws = new WebSocket(list[0]!.webSocketDebuggerUrl);
    const reply = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('inspector: no answer')), 10_000);
      ws.onopen = () => ws.send(JSON.stringify({id: 1, method: 'Runtime.evaluate', params: {expression: EXPRESSION, returnByValue: true}}));
      ws.onmessage = (event) => {
        const msg = JSON.parse(String(event.data)) as {id?: number; result?: {result?: {value?: string}}};
        if (msg.id !== 1) return;
        clearTimeout(timer);
        resolve(msg.result?.result?.value ?? '');
      };
      ws.onerror = () => reject(new Error('inspector: connection failed'));
    });
    ws.close();
    const {m, s} = JSON.parse(reply) as {m: Record<string, number>; s: Array<{space_name: string; space_size: number; space_used_size: number}>};
    const mib = (x: number) => Math.round((x / 1048576) * 10) / 10;
    return {
      rss: mib(m.rss!),
      heapTotal: mib(m.heapTotal!),
      heapUsed: mib(m.heapUsed!),
      external: mib(m.external!),
      arrayBuffers: mib(m.arrayBuffers!),
      spaces: Object.fromEntries(s.filter((x) => x.space_size > 0).map((x) => [x.space_name.replace(/_space$/, ''), {size: mib(x.space_size), used: mib(x.space_used_size)}])),
    };
  } catch {
    return null;
  }
}

/** One line of figures for a log. */
export function memoryLine(m: InsideMemory): string {
  const spaces = Object.entries(m.spaces)
    .map(([name, s]) => `${name} ${s.used}/${s.size}`)
    .join(', ');
  return `heap ${m.heapUsed}/${m.heapTotal} MiB, external ${m.external} (array buffers ${m.arrayBuffers}); spaces used/size: ${spaces}`;
}
