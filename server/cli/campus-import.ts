import { runCampusImport } from "../campus/osm/command";

// `npm run campus:import -- <file.osm> [--id …] [--name …] [--boundary relation/…] [--seed n]`:
// imports a campus from an OpenStreetMap XML 0.6 export (server/campus/osm/).
const code = await runCampusImport(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
process.exit(code);
