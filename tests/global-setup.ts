// vitest global setup: `npm test` prepares the test cluster before vitest starts and passes its
// URLs in the environment; when vitest runs alone (an editor, `vitest` by hand) it is prepared here.
import { prepareTestCluster, testEnvFromProcess, testEnvToProcessEnv } from "../src/testing/cluster.ts";

export default async function setup() {
  if (testEnvFromProcess()) return;
  const t = await prepareTestCluster();
  Object.assign(process.env, testEnvToProcessEnv(t));
}
