// The models of the fake Odoo (tests/support/odoo-server.ts): the fields it knows per model, the
// exception it raises in Odoo's error shape, and Odoo's search domains evaluated over one record.
export type FieldType = "char" | "bool" | "selection" | "m2o" | "m2m" | "datetime";
export interface Field {
  type: FieldType;
  relation?: string;
  required?: boolean;
  default?: unknown;
}
export type Rec = Record<string, unknown> & { id: number };

export const MODELS: Record<string, Record<string, Field>> = {
  "res.company": { name: { type: "char", required: true } },
  "res.users": { name: { type: "char", required: true }, login: { type: "char", required: true }, company_id: { type: "m2o", relation: "res.company" }, active: { type: "bool", default: true } },
  "project.project": {
    name: { type: "char", required: true }, x_external_ref: { type: "char" }, company_id: { type: "m2o", relation: "res.company" },
    user_id: { type: "m2o", relation: "res.users" }, privacy_visibility: { type: "selection", default: "portal" },
    allow_task_dependencies: { type: "bool", default: false }, active: { type: "bool", default: true }, write_date: { type: "datetime" },
  },
  "project.task.type": { name: { type: "char", required: true }, project_ids: { type: "m2m", relation: "project.project" } },
  "project.tags": { name: { type: "char", required: true } },
  "project.task": {
    name: { type: "char", required: true }, x_external_ref: { type: "char" }, project_id: { type: "m2o", relation: "project.project" },
    stage_id: { type: "m2o", relation: "project.task.type" }, tag_ids: { type: "m2m", relation: "project.tags" },
    user_ids: { type: "m2m", relation: "res.users" }, depend_on_ids: { type: "m2m", relation: "project.task" },
    active: { type: "bool", default: true }, write_date: { type: "datetime" },
  },
};

/** An exception as Odoo raises it; serialised into Odoo's error shape. */
export class OdooException extends Error {
  constructor(readonly exception: string, message: string) {
    super(message);
  }
}

/** Odoo's domain: prefix-notation '&' '|' '!' over [field, operator, value] leaves (implicit '&'). */
export function matchesDomain(model: string, rec: Rec, domain: unknown[]): boolean {
  let pos = 0;
  const parse = (): boolean => {
    const t = domain[pos++];
    if (t === "&") return [parse(), parse()].every(Boolean);
    if (t === "|") { const a = parse(); const b = parse(); return a || b; }
    if (t === "!") return !parse();
    if (Array.isArray(t) && t.length === 3) return leaf(model, rec, t as [string, string, unknown]);
    throw new OdooException("builtins.ValueError", `Invalid leaf ${JSON.stringify(t)}`);
  };
  const results: boolean[] = [];
  while (pos < domain.length) results.push(parse());
  return results.every(Boolean);
}

function leaf(model: string, rec: Rec, [field, op, value]: [string, string, unknown]): boolean {
  const def = field === "id" ? { type: "m2o" as FieldType } : MODELS[model]![field];
  if (!def) throw new OdooException("builtins.ValueError", `Invalid field ${model}.${field} in leaf ${JSON.stringify([field, op, value])}`);
  const raw = field === "id" ? rec.id : rec[field];
  const vals: unknown[] = def.type === "m2m" ? (raw as number[]) : [raw == null ? false : raw];
  const empty = vals.length === 0 || (vals.length === 1 && vals[0] === false);
  const like = (s: unknown, pat: unknown, ci: boolean) => typeof s === "string" && (ci ? s.toLowerCase().includes(String(pat).toLowerCase()) : s.includes(String(pat)));
  switch (op) {
    case "=": return value === false ? empty : vals.includes(value);
    case "!=": return value === false ? !empty : !vals.includes(value);
    case "in": return (value as unknown[]).some((v) => (v === false ? empty : vals.includes(v)));
    case "not in": return !(value as unknown[]).some((v) => (v === false ? empty : vals.includes(v)));
    case "like": return vals.some((v) => like(v, value, false));
    case "ilike": return vals.some((v) => like(v, value, true));
    case "not ilike": return !vals.some((v) => like(v, value, true));
    case "=ilike": return vals.some((v) => typeof v === "string" && v.toLowerCase() === String(value).toLowerCase());
    case "<": return vals.some((v) => v !== false && (v as number) < (value as number));
    case ">": return vals.some((v) => v !== false && (v as number) > (value as number));
    case "<=": return vals.some((v) => v !== false && (v as number) <= (value as number));
    case ">=": return vals.some((v) => v !== false && (v as number) >= (value as number));
    default: throw new OdooException("builtins.ValueError", `Invalid operator ${JSON.stringify(op)} in leaf ${JSON.stringify([field, op, value])}`);
  }
}
