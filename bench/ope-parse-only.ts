/** The floor for `ope`: stream and validate the file into columns exactly as the CLI does, then stop. */
import { readLog } from '../bin/ope-read';

const log = await readLog(process.argv[2]!, undefined);
process.stdout.write(`${JSON.stringify({ n: log.n, missingRewards: log.missingRewards, arms: log.arms })}\n`);
