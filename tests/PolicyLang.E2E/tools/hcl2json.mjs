// Prints the JSON form of one HCL file, as @cdktf/hcl2json parses it. Exit code 1 and the parser's message on a syntax error.
import { readFileSync } from "node:fs";
import { parse } from "@cdktf/hcl2json";

const file = process.argv[2];
try {
  const json = await parse(file, readFileSync(file, "utf8"));
  process.stdout.write(JSON.stringify(json, null, 1));
} catch (e) {
  process.stderr.write(String(e && e.message ? e.message : e) + "\n");
  process.exit(1);
}
