// A client for Odoo's external API over JSON-RPC: POST {url}/jsonrpc with
//   {"jsonrpc": "2.0", "method": "call", "params": {"service", "method", "args"}, "id"}
// `common.authenticate(db, login, password, {})` gives the uid (false when refused);
// `object.execute_kw(db, uid, password, model, method, args, kwargs)` calls a model method.
// Odoo answers HTTP 200 with either `result` or `error: {code, message, data: {name, message,
// debug, arguments, context}}`. Every response is validated with zod.
//
// Retries with exponential backoff happen on transient failures only: the connection failed
// before a response (refused, reset), HTTP 429/502/503/504, or Odoo reporting a serialization
// conflict. A timeout is retried for read methods only: a create that timed out may have run.
// Application errors (ValidationError, AccessError, MissingError …) are never retried.
//
// Every call passes one guard first (`call`): ssot changes only the models of WRITABLE_MODELS
// (any method but a read is a change) and calls no service but common's login and object.execute_kw,
// so no code path can write another model. A dry-run client (`dryRun`) then answers every change
// itself, after the guard and without sending it: create gets a placeholder id below zero.
import { z } from "zod";
import { maskSecrets, maskUrl } from "../config/mask.ts";
import type { OdooConfig } from "./config.ts";

const errorShape = z.object({
  code: z.number(),
  message: z.string(),
  data: z
    .object({
      name: z.string().optional(),
      message: z.string().optional(),
      debug: z.string().optional(),
      arguments: z.array(z.unknown()).optional(),
      context: z.record(z.string(), z.unknown()).optional(),
    })
    .loose()
    .optional(),
});

const envelope = z.union([
  z.object({ jsonrpc: z.literal("2.0"), id: z.union([z.number(), z.string(), z.null()]), error: errorShape }).loose(),
  z.object({ jsonrpc: z.literal("2.0"), id: z.union([z.number(), z.string(), z.null()]), result: z.unknown().refine((v) => v !== undefined, "result is missing") }).loose(),
]);

export type OdooErrorShape = z.infer<typeof errorShape>;

/** An error Odoo itself reported (its JSON-RPC error object). */
export class OdooRpcError extends Error {
  readonly code: number;
  /** e.g. odoo.exceptions.ValidationError */
  readonly exception: string;
  readonly debug?: string;
  constructor(readonly call: string, readonly odoo: OdooErrorShape) {
    const name = odoo.data?.name ?? odoo.message;
    const msg = odoo.data?.message ?? odoo.message;
    super(`Odoo refused ${call}: ${msg} (${name})`);
    this.code = odoo.code;
    this.exception = name;
    this.debug = odoo.data?.debug;
  }
}

/** The transport failed: no usable answer from Odoo (after retries when the failure was transient). */
export class OdooTransportError extends Error {
  constructor(message: string, readonly transient: boolean) {
    super(message);
  }
}

export class OdooAuthError extends Error {}

/** The only Odoo models ssot may change: projects, tasks, stages, tags. Reads are not limited. */
export const WRITABLE_MODELS: readonly string[] = ["project.project", "project.task", "project.task.type", "project.tags"];

/** A call the client refuses to send: a change to a model outside WRITABLE_MODELS, or another service. */
export class OdooWriteRefused extends Error {}

const READ_METHODS = new Set(["search_read", "read", "search", "search_count", "fields_get", "name_search", "read_group", "authenticate", "version", "check_access_rights"]);
const TRANSIENT_HTTP = new Set([429, 502, 503, 504]);
const TRANSIENT_ODOO = /SerializationFailure|could not serialize access|TransactionRollbackError|LockNotAvailable/;

export interface OdooClientOptions extends OdooConfig {
  /** Send reads only; changes are answered here (and counted in `writes`, listed in `planned`). */
  dryRun?: boolean;
  /** Base of the exponential backoff in ms (default 250): 250, 500, 1000 … */
  backoffMs?: number;
  /** Called before each retry (for logs). */
  onRetry?: (info: { call: string; attempt: number; delayMs: number; reason: string }) => void;
  fetch?: typeof fetch;
}

/** Odoo's "no value" is false; many2one values are [id, name]. */
export type M2O = [number, string] | false;

export class OdooClient {
  private uid?: number;
  private nextId = 1;
  /** Calls that changed data in Odoo (create, write, unlink …): a second seed run must make none. */
  writes = 0;
  /** In a dry run: the changes a real run would send, in order. */
  readonly planned: { model: string; method: string; args: unknown[] }[] = [];
  private placeholder = 0;

  constructor(readonly opts: OdooClientOptions) {}

  private endpoint() {
    return this.opts.url.replace(/\/+$/, "") + "/jsonrpc";
  }

  /** The endpoint as messages show it: ODOO_URL's password masked. */
  private shownEndpoint() {
    return maskUrl(this.endpoint());
  }

  /** One JSON-RPC call with timeout and retries on transient failures (after the guard; a dry run answers changes itself). */
  async call(service: string, method: string, args: unknown[], label = `${service}.${method}`, readOnly = READ_METHODS.has(method)): Promise<unknown> {
    const change = guard(service, method, args);
    if (change && this.opts.dryRun) {
      this.planned.push(change);
      return change.method === "create" ? --this.placeholder : true;
    }
    const max = this.opts.retries;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(service, method, args, label, readOnly);
      } catch (e) {
        const transient = e instanceof OdooTransportError ? e.transient : e instanceof OdooRpcError && TRANSIENT_ODOO.test(`${e.exception} ${e.message}`);
        if (!transient || attempt >= max) throw e;
        const delayMs = (this.opts.backoffMs ?? 250) * 2 ** attempt;
        this.opts.onRetry?.({ call: label, attempt: attempt + 1, delayMs, reason: (e as Error).message });
        await new Promise((r) => setTimeout(r, delayMs));
      }
    }
  }

  private async once(service: string, method: string, args: unknown[], label: string, readOnly: boolean): Promise<unknown> {
    const id = this.nextId++;
    const body = JSON.stringify({ jsonrpc: "2.0", method: "call", params: { service, method, args }, id });
    const f = this.opts.fetch ?? fetch;
    let res: Response;
    try {
      res = await f(this.endpoint(), {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body,
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      if (err.name === "TimeoutError" || err.name === "AbortError")
        throw new OdooTransportError(`${label}: no answer from ${this.shownEndpoint()} within ${this.opts.timeoutMs} ms (ODOO_TIMEOUT_MS)`, readOnly);
      const code = err.cause?.code ?? "";
      // refused/reset/unreachable: the request did not run (reset mid-way is retried for reads only)
      const transient = ["ECONNREFUSED", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"].includes(code) || (code === "ECONNRESET" && readOnly);
      // fetch's own message may quote the URL (e.g. one with credentials, which it refuses)
      throw new OdooTransportError(`${label}: cannot reach ${this.shownEndpoint()}: ${code || maskSecrets(err.message)}`, transient);
    }
    const text = await res.text();
    if (!res.ok)
      throw new OdooTransportError(`${label}: HTTP ${res.status} ${res.statusText} from ${this.shownEndpoint()}${text ? `: ${text.slice(0, 200)}` : ""}`, TRANSIENT_HTTP.has(res.status));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new OdooTransportError(`${label}: ${this.shownEndpoint()} did not answer JSON (is ODOO_URL the Odoo server?): ${text.slice(0, 120)}`, false);
    }
    const parsed = envelope.safeParse(json);
    if (!parsed.success) throw new OdooTransportError(`${label}: not a JSON-RPC 2.0 answer: ${parsed.error.issues[0]!.message}`, false);
    if ("error" in parsed.data) throw new OdooRpcError(label, (parsed.data as { error: OdooErrorShape }).error);
    return parsed.data.result;
  }

  /** common.authenticate; throws OdooAuthError when Odoo answers false. */
  async authenticate(): Promise<number> {
    if (this.uid !== undefined) return this.uid;
    const r = await this.call("common", "authenticate", [this.opts.db, this.opts.user, this.opts.password, {}]);
    const uid = z.union([z.number().int().positive(), z.literal(false)]).safeParse(r);
    if (!uid.success) throw new OdooTransportError(`common.authenticate: expected a uid or false, got ${JSON.stringify(r)?.slice(0, 80)}`, false);
    if (uid.data === false)
      throw new OdooAuthError(`Odoo refused the login of ODOO_USER=${this.opts.user} on database ODOO_DB=${this.opts.db} (wrong password or API key?)`);
    this.uid = uid.data;
    return this.uid;
  }

  /** object.execute_kw(db, uid, password, model, method, args, kwargs), the result validated by `schema`. */
  async executeKw<T>(model: string, method: string, args: unknown[], kwargs: Record<string, unknown>, schema: z.ZodType<T>): Promise<T> {
    const uid = await this.authenticate();
    const label = `${model}.${method}`;
    const readOnly = READ_METHODS.has(method);
    const r = await this.call("object", "execute_kw", [this.opts.db, uid, this.opts.password, model, method, args, kwargs], label, readOnly);
    if (!readOnly) this.writes++;
    const v = schema.safeParse(r);
    if (!v.success) throw new OdooTransportError(`${label}: unexpected answer: ${v.error.issues[0]!.message} at ${v.error.issues[0]!.path.join(".") || "(top)"}`, false);
    return v.data;
  }

  searchRead<S extends z.ZodObject>(model: string, domain: unknown[], fields: string[], row: S, opts: { limit?: number; order?: string; context?: Record<string, unknown> } = {}) {
    const kwargs: Record<string, unknown> = { fields };
    if (opts.limit) kwargs.limit = opts.limit;
    if (opts.order) kwargs.order = opts.order;
    if (opts.context) kwargs.context = opts.context;
    return this.executeKw(model, "search_read", [domain], kwargs, z.array(row));
  }

  create(model: string, vals: Record<string, unknown>): Promise<number> {
    return this.executeKw(model, "create", [vals], {}, z.union([z.number().int(), z.array(z.number().int()).length(1).transform((a) => a[0]!)]));
  }

  write(model: string, ids: number[], vals: Record<string, unknown>): Promise<boolean> {
    return this.executeKw(model, "write", [ids, vals], {}, z.boolean());
  }
}

/**
 * Refuses what ssot must never send; returns the change an object.execute_kw call would make
 * (undefined for a read). A method not known to be a read counts as a change.
 */
function guard(service: string, method: string, args: unknown[]): { model: string; method: string; args: unknown[] } | undefined {
  if (service === "common" && ["authenticate", "login", "version"].includes(method)) return undefined;
  if (service !== "object" || method !== "execute_kw")
    throw new OdooWriteRefused(`refused to call ${service}.${method}: ssot calls only common.authenticate, common.login, common.version and object.execute_kw`);
  const [model, modelMethod, margs] = [String(args[3]), String(args[4]), Array.isArray(args[5]) ? args[5] : []];
  if (READ_METHODS.has(modelMethod)) return undefined;
  if (!WRITABLE_MODELS.includes(model))
    throw new OdooWriteRefused(`refused to call ${model}.${modelMethod}: ssot writes only to the models ${WRITABLE_MODELS.join(", ")}`);
  return { model, method: modelMethod, args: margs };
}

/** zod for Odoo's read() values. */
export const odooValue = {
  m2o: z.union([z.tuple([z.number().int(), z.string()]), z.literal(false)]),
  ids: z.array(z.number().int()),
  char: z.union([z.string(), z.literal(false)]).transform((v) => (v === false ? null : v)),
};
