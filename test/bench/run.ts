import { benchZapierColdLoad } from '../zapier/cold-load.bench';
import { benchCoreDelivery } from './core-delivery';
import { benchDubRecovery } from './dub-recovery';
import { benchReaderBounds } from './reader-bounds';
import { describeN8nThroughput, measureN8nThroughput } from './n8n-throughput';

/** `npm run bench`: every figure the issues ask for, each against a baseline measured in this same run. */
async function main(): Promise<void> {
  console.log('Delivery cost vs. floor (JSON.parse + HMAC of the same bytes), aim ≤ 1.3×');
  const core = benchCoreDelivery();
  console.log(core.text);
  const worst = Math.max(...core.rows.map((row) => row.ratio));
  console.log(`worst ratio ${worst.toFixed(2)}×\n`);
  console.log('Reader bounds: an authentic body drifted throughout, or nested deep, vs one of the same kind that reads; never throws, lists at most 100 values');
  console.log(`${benchReaderBounds().text}\n`);
  console.log('Zapier apps: cold load (require of the built app, core included) vs a bare core app, aim ≤ 1.2×');
  console.log(`${benchZapierColdLoad().text}\n`);
  console.log('Dub Trigger recovery: from a hook Dub disabled to the last recovered event, 100 events, vs Dub delivering them');
  console.log(`${await benchDubRecovery()}\n`);
  console.log("n8n: deliveries per second into the Dub Trigger vs n8n's own Webhook node, same n8n, bodies and concurrency, aim ≥ 0.9×; then queue mode vs single process");
  console.log(describeN8nThroughput(await measureN8nThroughput()));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
