// The text of `recon --help`.
export const USAGE = `recon — month-end revenue reconciliation (bookings vs revenue recognition)

Usage:
  recon run --period YYYY-MM --deals FILE.csv --entries FILE.csv --out DIR [--run-id ID] [--config FILE]
            [--history FILE.csv] [--previous DIR] [--force]
  recon run --period YYYY-MM --out DIR [--run-id ID] [--config FILE] [--force]   (reads the SQL sources)
  recon generate --deals N --period YYYY-MM --out DIR [--seed N] [--ids FORMAT] [--order ORDER]
                 [--history-months N]
  recon demo [--out DIR] [--period YYYY-MM] [--deals N] [--serve]
  recon check
  recon --help

Commands:
  run        Reconcile one month and write discrepancies.csv, summary.csv, data-quality.csv,
             report.html, reconciliation.xlsx and manifest.json into DIR (with history also
             open-items.csv, closed-items.csv and aging.csv). Without --deals/--entries the deal lines and entries are read
             from the SQL Servers configured in the environment (ANALYTICS_SQL_*, ACCOUNTING_SQL_*,
             SQL_*; see README).
  generate   Write a synthetic month (deals.csv, entries.csv, truth.csv, data-quality-truth.csv)
             with injected discrepancies of every status and their ground truth; with
             --history-months, also history.csv and the life-to-date ground truth.
  demo       Run the month-end pipeline the timer runs on a generated month (5,000 deals, with 12
             months of history in the Accounting table) with local stand-ins for every service:
             the SQL Server emulator, Azurite and a Slack stand-in. Prints the dashboard, the
             download links and the Slack message, and copies the reports to
             DIR/<period>/<run_id>/.
  check      Check the deployment the environment's settings describe, without running: the
             settings, sign-in to both SQL Servers, the queries' columns (described, no row read),
             the report container and the run queue (with the rights a run needs) and the Slack
             webhook (not posted to). One line per check: "OK   name: detail" or
             "FAILED name: detail — fix: what to change". In Azure: GET /api/health.

Options:
  --period YYYY-MM   The calendar month (year 1000 or later) to reconcile (run), to generate
                     (generate), or to demo (default: the month that just ended).
  --deals FILE       run: deal lines CSV (header with canonical names, any case; UTF-8, BOM allowed).
                     generate: how many deals to generate (at most 1,000,000).
                     demo: how many deals the demo month has (default 5,000, at most 100,000).
  --entries FILE     run: recognition entries CSV.
  --history FILE     run: recognized revenue of the months before the period (entry rows, or rows
                     aggregated per deal_id, revenue_type, currency): adds life to date, open-items.csv,
                     closed-items.csv and aging.csv.
  --previous DIR     run: the output folder of the last completed run of the month before, whose
                     open items date this run's (open_since, age_months).
  --out DIR          Folder for the reports (created when missing). demo default: ./out
  --run-id ID        Run id (letters, digits, . _ -). The same inputs, settings and run id give
                     byte-identical CSV files. Default: a timestamp and a random suffix.
  --config FILE      JSON with reconciliation rules: tolerance_pct (percent, default 1),
                     tolerance_abs (default 1.00), critical_amount (default 5000.00),
                     recurring_types, one_time_types, proration ("monthly" or "daily"),
                     ltd_tolerance_pct (default 0), ltd_tolerance_abs (default tolerance_abs).
  --seed N           generate: random seed (the same seed gives the same files).
  --ids FORMAT       generate: how deal and entry ids look: padded (D0000001, the default), int
                     (1, 2, ... 10), guid, or text (mixed-case words with a serial, case-sensitive).
  --order ORDER      generate: grouped (rows by deal in id order, the default) or random (deal
                     lines and entries shuffled, as a table read in its own key order).
  --history-months N generate: also write the N months before the period (history.csv, for
                     run --history) with life-to-date cases and their ground truth (ltd-truth.csv,
                     open-items-truth.csv, closed-items-truth.csv). Default 0: the month alone.
  --quiet            run: print only the one-line result, not the dashboard.
  --force            run: replace the earlier run in DIR (without it, a DIR holding a
                     manifest.json is refused with exit 2).
  --serve            demo: keep the local services (and so the links) up until Ctrl-C.
  -h, --help         Show this help.

Exit codes: 0 the run completed (whatever it found); 1 the run failed; 2 bad arguments or settings.
check: 0 every check passed; 1 a check failed (a bad setting included); 2 bad arguments.
`;
