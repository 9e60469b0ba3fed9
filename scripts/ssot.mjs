#!/usr/bin/env node
// Entry point of the `ssot` CLI: loads the TypeScript sources through tsx and runs the command.
import { register } from "tsx/esm/api";
register();
const { main } = await import("../src/cli/main.ts");
await main(process.argv);
