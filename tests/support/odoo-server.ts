// A FAKE Odoo, because no Odoo runs on these machines: an in-memory JSON-RPC server that behaves
// like Odoo's external API for the models the bridge uses (res.company, res.users,
// project.project, project.task, project.task.type, project.tags). It is honest to the protocol:
// POST /jsonrpc with {"jsonrpc":"2.0","method":"call","params":{service,method,args},"id"};
// common.authenticate answers a uid or false; object.execute_kw checks uid/password and supports
// search_read, search, search_count, read, create, write, unlink with Odoo domains (prefix '&',
// '|', '!' and [field, op, value] leaves), active_test, many2one read as [id, display_name],
// x2many commands (3, 4, 5, 6), and Odoo's error shape:
//   {"jsonrpc":"2.0","id":…,"error":{"code":200,"message":"Odoo Server Error",
//    "data":{"name":"odoo.exceptions.ValidationError","message":…,"arguments":[…],"debug":…,"context":{}}}}
// Tests plant faults (an Odoo error on one record, HTTP 503s) and count the writes it received.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { matchesDomain, MODELS, OdooException, type Rec } from "./odoo-models.ts";

export { OdooException };

const WRITE_METHODS = new Set(["create", "write", "unlink"]);

export interface PlantedFault {
  model: string;
  method: string;
  /** Which call fails: gets the vals (create) or {ids, vals} (write). */
  when?: (arg: Record<string, unknown>) => boolean;
  exception?: string;
  message?: string;
}

export class FakeOdoo {
  readonly db: string;
  readonly records: Record<string, Map<number, Rec>> = {};
  private seq = 1;
  private server?: http.Server;
  url = "";
  /** create/write/unlink calls received (attempted), per model. */
  writes: { model: string; method: string; args: unknown[] }[] = [];
  /** Every JSON-RPC call received, in order: `model.method` for object.execute_kw, else `service.method`. */
  calls: string[] = [];
  faults: PlantedFault[] = [];
  /** The next N HTTP requests answer 503 (a proxy in front of a restarting Odoo). */
  unavailable = 0;
  requests = 0;
  /** Every search_read received: model, domain, and the ids it answered (what a pull read). */
  reads: { model: string; method: string; domain?: unknown[]; ids?: number[] }[] = [];

  constructor(opts: { db?: string; login?: string; password?: string } = {}) {
    this.db = opts.db ?? "odoo";
    for (const m of Object.keys(MODELS)) this.records[m] = new Map();
    this.insert("res.company", { name: "YourCompany" });
    this.insert("res.users", { name: "Seed Bot", login: opts.login ?? "seed_bot@example.com", password: opts.password ?? "bot-password", company_id: 1 });
  }

  /** Adds a record directly (the test's "planted" Odoo state); returns its id. */
  insert(model: string, vals: Record<string, unknown>): number {
    const id = this.seq++;
    const rec: Rec = { id };
    for (const [f, def] of Object.entries(MODELS[model]!)) rec[f] = def.type === "m2m" ? [] : def.default ?? null;
    for (const [k, v] of Object.entries(vals)) rec[k] = v;
    rec.write_date = new Date().toISOString().slice(0, 19).replace("T", " ");
    this.records[model]!.set(id, rec);
    return id;
  }

  /** Changes a record as a user in Odoo would (not through the API): its write_date moves on. */
  edit(model: string, id: number, vals: Record<string, unknown>) {
    const rec = this.records[model]!.get(id)!;
    Object.assign(rec, vals);
    rec.write_date = new Date().toISOString().slice(0, 19).replace("T", " ");
  }

  find(model: string, pred: (r: Rec) => boolean): Rec[] {
    return [...this.records[model]!.values()].filter(pred);
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop() {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    this.requests++;
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      if (this.unavailable > 0) {
        this.unavailable--;
        res.writeHead(503, { "content-type": "text/html" }).end("<h1>503 Service Unavailable</h1>");
        return;
      }
      if (req.method !== "POST" || req.url !== "/jsonrpc") {
        res.writeHead(404, { "content-type": "text/html" }).end("<h1>Not Found</h1>");
        return;
      }
      let msg: { id?: unknown; params?: { service?: string; method?: string; args?: unknown[] } };
      try {
        msg = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        res.writeHead(400, { "content-type": "text/html" }).end("<h1>Bad Request</h1><p>Invalid JSON data</p>");
        return;
      }
      const id = msg.id ?? null;
      let out: unknown;
      try {
        out = { jsonrpc: "2.0", id, result: this.dispatch(msg.params?.service, msg.params?.method, msg.params?.args ?? []) };
      } catch (e) {
        const ex = e instanceof OdooException ? e : new OdooException("builtins.Exception", (e as Error).message);
        out = {
          jsonrpc: "2.0", id,
          error: {
            code: 200, message: "Odoo Server Error",
            data: { name: ex.exception, debug: `Traceback (most recent call last):\n  …\n${ex.exception}: ${ex.message}\n`, message: ex.message, arguments: [ex.message], context: {} },
          },
        };
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(out));
    });
  }

  private dispatch(service?: string, method?: string, args: unknown[] = []): unknown {
    this.calls.push(service === "object" && method === "execute_kw" ? `${args[3]}.${args[4]}` : `${service}.${method}`);
    if (service === "common" && method === "version") return { server_version: "17.0", server_version_info: [17, 0, 0, "final", 0, ""], server_serie: "17.0", protocol_version: 1 };
    if (service === "common" && (method === "authenticate" || method === "login")) {
      const [db, login, password] = args as [string, string, string];
      if (db !== this.db) throw new OdooException("psycopg2.OperationalError", `connection to server failed: FATAL:  database "${db}" does not exist`);
      const u = this.find("res.users", (r) => r.login === login && r.password === password && r.active !== false)[0];
      return u ? u.id : false;
    }
    if (service !== "object" || method !== "execute_kw") throw new OdooException("builtins.NameError", `service ${service}.${method} does not exist`);
    const [db, uid, password, model, meth, margs = [], kwargs = {}] = args as [string, number, string, string, string, unknown[], Record<string, unknown>];
    if (db !== this.db) throw new OdooException("psycopg2.OperationalError", `database "${db}" does not exist`);
    const user = this.records["res.users"]!.get(uid);
    if (!user || user.password !== password) throw new OdooException("odoo.exceptions.AccessDenied", "Access Denied");
    if (!MODELS[model]) throw new OdooException("builtins.KeyError", `'${model}'`);
    if (WRITE_METHODS.has(meth)) this.writes.push({ model, method: meth, args: margs });
    const context = (kwargs.context ?? {}) as Record<string, unknown>;
    switch (meth) {
      case "search_read": {
        const [domain = kwargs.domain ?? [], fields = kwargs.fields] = margs as [unknown[]?, string[]?];
        const ids = this.search(model, domain as unknown[], context, kwargs.limit as number | undefined, kwargs.offset as number | undefined);
        this.reads.push({ model, method: meth, domain: domain as unknown[], ids });
        return ids.map((i) => this.readOne(model, i, fields as string[] | undefined));
      }
      case "search":
        return this.search(model, (margs[0] ?? kwargs.domain ?? []) as unknown[], context, kwargs.limit as number | undefined, kwargs.offset as number | undefined);
      case "search_count":
        return this.search(model, (margs[0] ?? []) as unknown[], context).length;
      case "read": {
        const ids = margs[0] as number[];
        for (const i of ids) if (!this.records[model]!.has(i)) throw this.missing(model, i, uid);
        return ids.map((i) => this.readOne(model, i, (margs[1] ?? kwargs.fields) as string[] | undefined));
      }
      case "create": {
        const arg = margs[0];
        const list = Array.isArray(arg) ? (arg as Record<string, unknown>[]) : [arg as Record<string, unknown>];
        const ids = list.map((vals) => this.createOne(model, vals, uid));
        return Array.isArray(arg) ? ids : ids[0];
      }
      case "write": {
        const [ids, vals] = margs as [number[], Record<string, unknown>];
        this.fault(model, "write", { ids, vals });
        for (const i of ids) if (!this.records[model]!.has(i)) throw this.missing(model, i, uid);
        const checked = this.convert(model, vals, uid);
        for (const i of ids) this.apply(model, this.records[model]!.get(i)!, checked);
        return true;
      }
      case "unlink": {
        for (const i of margs[0] as number[]) this.records[model]!.delete(i);
        return true;
      }
      default:
        throw new OdooException("builtins.AttributeError", `The method '${meth}' does not exist on the model '${model}'`);
    }
  }

  private missing(model: string, id: number, uid: number) {
    return new OdooException("odoo.exceptions.MissingError", `Record does not exist or has been deleted.\n(Record: ${model}(${id},), User: ${uid})`);
  }

  private fault(model: string, method: string, arg: Record<string, unknown>) {
    const f = this.faults.find((x) => x.model === model && x.method === method && (!x.when || x.when(arg)));
    if (f) throw new OdooException(f.exception ?? "odoo.exceptions.ValidationError", f.message ?? "planted fault");
  }

  private createOne(model: string, vals: Record<string, unknown>, uid: number): number {
    this.fault(model, "create", vals);
    const checked = this.convert(model, vals, uid);
    for (const [f, def] of Object.entries(MODELS[model]!))
      if (def.required && (checked[f] === undefined || checked[f] === null || checked[f] === false))
        throw new OdooException("odoo.exceptions.ValidationError", `The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n- Delete: another model requires the record being deleted.\n\nModel: ${model}, Field: ${f}`);
    const rec: Rec = { id: 0 };
    const id = this.insert(model, {});
    Object.assign(rec, this.records[model]!.get(id)!);
    this.apply(model, rec, checked);
    this.records[model]!.set(id, rec);
    return id;
  }

  /** Validates vals like the ORM: unknown fields, dangling many2one, x2many commands. */
  private convert(model: string, vals: Record<string, unknown>, uid: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(vals ?? {})) {
      const def = MODELS[model]![k];
      if (!def) throw new OdooException("builtins.ValueError", `Invalid field '${k}' in '${model}'`);
      if (def.type === "m2o") {
        if (v !== false && v !== null && !this.records[def.relation!]!.has(v as number)) throw this.missing(def.relation!, v as number, uid);
        out[k] = v === false ? null : v;
      } else if (def.type === "m2m") {
        if (!Array.isArray(v) || v.some((c) => !Array.isArray(c))) throw new OdooException("builtins.ValueError", `Wrong value for ${model}.${k}: ${JSON.stringify(v)}`);
        for (const c of v as unknown[][]) {
          const ids = c[0] === 6 ? (c[2] as number[]) : c[0] === 4 || c[0] === 3 ? [c[1] as number] : [];
          for (const i of ids) if (!this.records[def.relation!]!.has(i)) throw this.missing(def.relation!, i, uid);
        }
        out[k] = v;
      } else out[k] = v === false && def.type !== "bool" ? null : v;
    }
    return out;
  }

  private apply(model: string, rec: Rec, vals: Record<string, unknown>) {
    for (const [k, v] of Object.entries(vals)) {
      if (MODELS[model]![k]!.type !== "m2m") {
        rec[k] = v;
        continue;
      }
      let cur = new Set<number>(rec[k] as number[]);
      for (const c of v as unknown[][]) {
        if (c[0] === 6) cur = new Set(c[2] as number[]);
        else if (c[0] === 5) cur.clear();
        else if (c[0] === 4) cur.add(c[1] as number);
        else if (c[0] === 3) cur.delete(c[1] as number);
        else throw new OdooException("builtins.ValueError", `x2many command ${c[0]} is not supported here`);
      }
      rec[k] = [...cur].sort((a, b) => a - b);
    }
    rec.write_date = new Date().toISOString().slice(0, 19).replace("T", " ");
  }

  private readOne(model: string, id: number, fields?: string[]): Record<string, unknown> {
    const rec = this.records[model]!.get(id)!;
    const names = fields && fields.length ? fields : Object.keys(MODELS[model]!);
    const out: Record<string, unknown> = { id };
    for (const f of names) {
      if (f === "id") continue;
      const def = MODELS[model]![f];
      if (!def) throw new OdooException("builtins.ValueError", `Invalid field '${f}' on model '${model}'`);
      const v = rec[f];
      if (def.type === "m2o") out[f] = v == null ? false : [v, this.records[def.relation!]!.get(v as number)?.name ?? ""];
      else if (def.type === "m2m") out[f] = [...(v as number[])];
      else out[f] = v == null ? false : v;
    }
    return out;
  }

  private search(model: string, domain: unknown[], context: Record<string, unknown>, limit?: number, offset = 0): number[] {
    if (!Array.isArray(domain)) throw new OdooException("builtins.ValueError", `Invalid domain ${JSON.stringify(domain)}`);
    const usesActive = JSON.stringify(domain).includes('"active"');
    const activeTest = MODELS[model]!.active && context.active_test !== false && !usesActive;
    const ids = [...this.records[model]!.values()]
      .filter((r) => (!activeTest || r.active !== false) && matchesDomain(model, r, domain))
      .map((r) => r.id)
      .sort((a, b) => a - b);
    return ids.slice(offset, limit ? offset + limit : undefined);
  }
}
