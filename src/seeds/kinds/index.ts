// Every seed kind ssot knows, in one list. A seed file names its kind with `kind:`.
import type { SeedKind } from "../kind.ts";
import { checksKind } from "./checks.ts";
import { schemasKind } from "./schemas.ts";

export const seedKinds: SeedKind[] = [schemasKind, checksKind] as SeedKind[];
