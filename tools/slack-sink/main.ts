// `node dist/tools/slack-sink/main.js [--port N]`: a Slack stand-in for local runs that prints each message as Slack would show it.
import { parseArgs } from 'node:util';
import type { SlackPayload } from '../../src/alerts/slack-message.js';
import { renderSlackText } from '../../src/alerts/slack-text.js';
import { exportLine } from '../shell-export.js';
import { startSlackSink } from './slack-sink.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: '3999' } } });
const sink = await startSlackSink({
  port: Number(values.port),
  onPayload: (p) =>
    process.stdout.write(
      `\n── ${p.path}\n${renderSlackText(p.body as SlackPayload, { ansi: process.stdout.isTTY })}\n`,
    ),
});
process.stdout.write(
  `Slack sink listening; paste into the shell that runs recon:\n${exportLine('SLACK_WEBHOOK_URL', sink.url())}\n`,
);
const stop = () => void sink.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
