import { runDc09Cli } from "./dc09/cli";

// `npm run sim -- <device> [options]`: one entry point for every protocol simulator.
// Each protocol's `simulators/<proto>/cli.ts` exports `run…Cli(argv) → exit code`; add its
// line to DEVICES (e.g. `gb28181: runGb28181Cli`).

type DeviceCli = (argv: string[]) => Promise<number>;

const DEVICES: Record<string, DeviceCli> = {
  dc09: runDc09Cli,
};

async function main(): Promise<number> {
  const [device, ...rest] = process.argv.slice(2);
  const run = device ? DEVICES[device] : undefined;
  if (!run) {
    console.error(`usage: npm run sim -- <device> [options]\ndevices: ${Object.keys(DEVICES).join(", ")}`);
    return 2;
  }
  return run(rest);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(String(err));
    process.exit(1);
  },
);
