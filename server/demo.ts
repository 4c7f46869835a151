// Placeholder until the demo scenario lands: seeds nothing.
import type { Config } from "../app/lib/env.server";

export async function seedDemoIfEmpty(_config: Config): Promise<void> {}
