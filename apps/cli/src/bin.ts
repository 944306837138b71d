/** Entry point of the `ftheta` binary. */
import { runCli } from './cli';

process.exitCode = await runCli(process.argv.slice(2));
