// vitest global setup: `npm test` prepares the test clusters before vitest starts and passes their
// URLs in the environment; when vitest runs alone (an editor, `vitest` by hand) they are prepared here.
import { loadEnv } from "../src/config/env.ts";
import { prepareTestCluster, testEnvFromProcess, testEnvToProcessEnv } from "../src/testrun/cluster.ts";
import { prepareSupabaseProfile, supabaseProfileFromProcess, supabaseProfileToProcessEnv } from "../src/testrun/supabase.ts";

export default async function setup() {
  if (!testEnvFromProcess()) Object.assign(process.env, testEnvToProcessEnv(await prepareTestCluster()));
  if (!supabaseProfileFromProcess()) Object.assign(process.env, supabaseProfileToProcessEnv(await prepareSupabaseProfile(loadEnv())));
}
