// The fixed rows the fidelity suite queries (mixed case, trailing spaces, NULLs), for the emulator and for a real SQL Server.
import type { DealLineRow, EntryRow } from '../../src/core/records.js';

const deal = (
  deal_id: string,
  line_id: string,
  customer_id: string,
  customer_name: string,
  segment: string | null,
  revenue_type: string,
  contract_value: string,
  currency: string,
  duration_months: string | null,
  booking_date: string,
  start_date: string | null,
  close_date: string | null,
): DealLineRow => ({
  deal_id,
  line_id,
  customer_id,
  customer_name,
  segment,
  revenue_type,
  contract_value,
  currency,
  duration_months,
  booking_date,
  start_date,
  close_date,
});

export const FIDELITY_DEALS: DealLineRow[] = [
  deal('D-1', '1', 'C-1', 'Acme', 'SMB', 'Service', '1200.50', 'USD', '12', '2026-01-05', '2026-02-01', null),
  deal('D-1', '2', 'C-1', 'Acme', 'SMB', 'service', '300.00', 'USD', '1', '2026-01-05', null, null),
  deal(
    'D-2',
    '1',
    'C-2',
    'zoë & co',
    'Enterprise',
    'Subscription',
    '9000.64',
    'EUR',
    '24',
    '2026-03-01',
    '2026-03-15',
    '2026-02-20',
  ),
  deal('D-3', '1', 'C-3', 'Beta ', null, 'Service ', '99.99', 'USD', '6', '2026-10-31', '2026-11-01', null),
  deal(
    'D-4',
    '1',
    'C-2',
    'zoë & co',
    'Enterprise',
    'SUBSCRIPTION',
    '0.01',
    'EUR',
    null,
    '2025-12-31',
    null,
    null,
  ),
  deal(
    'd-5',
    '1',
    'C-4',
    'Gamma',
    'smb',
    'Setup',
    '50.00',
    'GBP',
    '1',
    '2026-06-15',
    '2026-06-15',
    '2026-06-14',
  ),
];

export const FIDELITY_ENTRIES: EntryRow[] = [
  {
    entry_id: 'E-1',
    deal_id: 'D-1',
    revenue_type: 'Service',
    recognition_period: '2026-10-01',
    recognized_amount: '100.00',
    currency: 'USD',
  },
  {
    entry_id: 'E-2',
    deal_id: 'D-1',
    revenue_type: 'service',
    recognition_period: '2026-10-01',
    recognized_amount: '-25.50',
    currency: 'USD',
  },
  {
    entry_id: 'E-3',
    deal_id: 'D-2',
    revenue_type: 'Subscription',
    recognition_period: '2026-09-01',
    recognized_amount: '375.03',
    currency: 'EUR',
  },
  {
    entry_id: 'E-4',
    deal_id: 'D-3',
    revenue_type: 'Service',
    recognition_period: '2026-10-01',
    recognized_amount: '99.99',
    currency: 'USD',
  },
];

/** The same tables and rows in SQL Server's own DDL, for the real-server lane. */
export const SQLSERVER_SETUP: Record<'Analytics' | 'Accounting', string> = {
  Analytics: `
IF OBJECT_ID('dbo.Deals') IS NOT NULL DROP TABLE dbo.Deals;
CREATE TABLE dbo.Deals (Id int IDENTITY PRIMARY KEY, DealId nvarchar(64), LineId nvarchar(64),
  CustomerId nvarchar(64), CustomerName nvarchar(200), Segment nvarchar(100), RevenueType nvarchar(100),
  ContractValue decimal(18,2), Currency nvarchar(8), DurationMonths int, BookingDate date, StartDate date,
  CloseDate date, IsActive bit NOT NULL DEFAULT 1, UpdatedAt datetime2 NOT NULL DEFAULT '2000-01-01');`,
  Accounting: `
IF OBJECT_ID('dbo.RevenueRecognition') IS NOT NULL DROP TABLE dbo.RevenueRecognition;
CREATE TABLE dbo.RevenueRecognition (Id bigint IDENTITY PRIMARY KEY, EntryId nvarchar(64), DealId nvarchar(64),
  RevenueType nvarchar(100), RecognitionPeriod date, RecognizedAmount decimal(18,2), Currency nvarchar(8),
  IsReversal bit, PostedAt datetime2);`,
};
