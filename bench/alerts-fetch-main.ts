/**
 * The fresh-process side of the fetch benchmark, bundled like the CLI (see alerts-fetch.ts):
 * `node alerts-fetch.mjs URL` lists one Alertmanager's alerts through the adapter the dashboard
 * uses and prints the decoded alerts as one JSON array, the job `amtool alert query -o json` does.
 */
import {createAlertmanagerSource} from '../src/sources/alertmanager/alertmanager-source.ts';

const url = process.argv[2];
if (!url) {
  process.stderr.write('usage: alerts-fetch.mjs ALERTMANAGER_URL\n');
  process.exit(2);
}
// A loaded machine may take long to serve 7 MB: the benchmark times, it does not give up.
const source = createAlertmanagerSource({name: 'bench', baseUrl: url, timeoutMs: 120_000});
const {value} = await source.listAlerts();
await source.close();
process.stdout.write(`${JSON.stringify(value)}\n`);
