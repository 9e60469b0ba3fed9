// Every seed kind ssot knows, in one list. A seed file names its kind with `kind:`.
import type { SeedKind } from "../kind.ts";
import { checksKind } from "./checks.ts";
import { botsKind, secretGrantsKind, secretsKind } from "./control_plane.ts";
import { odooInstancesKind, odooProgramsKind, odooProjectsKind, odooRoutesKind, odooTasksKind } from "./odoo.ts";
import { schemasKind } from "./schemas.ts";

export const seedKinds: SeedKind[] = [
  schemasKind,
  checksKind,
  botsKind,
  secretsKind,
  secretGrantsKind,
  odooInstancesKind,
  odooRoutesKind,
  odooProgramsKind,
  odooProjectsKind,
  odooTasksKind,
] as SeedKind[];
