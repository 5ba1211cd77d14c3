import { runDc09Cli } from "./dc09/cli";
import { runGat1400Cli } from "./gat1400/cli";
import { runGb28181Cli } from "./gb28181/cli";
import { runPopulationCli, runScenarioCli } from "./population/cli";

// `npm run sim -- <device> [options]`: one entry point for every protocol simulator.
// Each protocol's `simulators/<proto>/cli.ts` exports `run…Cli(argv) → exit code`.
//   npm run sim -- dc09 --server 127.0.0.1:9000 --account 1234
//   npm run sim -- gb28181 --server 127.0.0.1:5060 --id 31011000001320000001 --channels 16
//   npm run sim -- gat1400 --server 127.0.0.1:8400 --id <DeviceID> --kind lpr
//   npm run sim -- population --speed 60          (the living campus, every protocol)
//   npm run sim -- scenario simulators/scenarios/night-fence-intrusion.json

type DeviceCli = (argv: string[]) => Promise<number>;

const DEVICES: Record<string, DeviceCli> = {
  dc09: runDc09Cli,
  gb28181: runGb28181Cli,
  gat1400: runGat1400Cli,
  population: runPopulationCli,
  scenario: runScenarioCli,
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
