// `node dist/tools/azurite/main.js`: Azurite (blob + queue, in memory) for local runs; prints the connection string.
import { exportLine } from '../shell-export.js';
import { startAzurite } from './start-azurite.js';

const azurite = await startAzurite();
process.stdout.write(
  `Azurite blob on ${azurite.blobPort}, queue on ${azurite.queuePort}; paste into the shell that runs recon:\n${exportLine('REPORTS_STORAGE_CONNECTION_STRING', azurite.connectionString)}\n`,
);
const stop = () => void azurite.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
