// Download links for report blobs: read-only SAS with an expiry and a readable attachment file name.
import {
  BlobSASPermissions,
  SASProtocol,
  type BlobClient,
  type BlobServiceClient,
  type UserDelegationKey,
} from '@azure/storage-blob';
import type { RunLocation } from '../pipeline/ports/report-store.js';

/**
 * How links are signed. The choice is explicit, never inferred from failures:
 * - `user-delegation` (Azure): signed with a user delegation key obtained with the managed identity,
 *   so no account key exists anywhere in the app; HTTPS only.
 * - `account-key` (Azurite only): Azurite hands out user delegation keys only with OAuth over HTTPS,
 *   so against the emulator links are signed with its well-known public key and HTTP is allowed.
 */
export type LinkSigning = 'user-delegation' | 'account-key';

export interface LinkPolicy {
  signing: LinkSigning;
  /** Lifetime of a link (REPORT_LINK_EXPIRY_HOURS). */
  expiryHours: number;
  /** Clock; tests move it into the past to obtain links that have already expired. */
  now?: () => Date;
}

/** A user delegation key (and hence a user-delegation SAS) may not end more than 7 days from now. */
export const MAX_DELEGATION_MS = 7 * 24 * 3_600_000;
/** Margin for clock skew between this host and the storage service, at both ends of a link's life. */
const SKEW_MS = 15 * 60_000;

/** "recon-2026-10-<run id>-discrepancies.csv": what finance sees in the browser's download bar. */
export function downloadFileName(location: RunLocation, name: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');
  return `recon-${safe(location.period)}-${safe(location.runId)}-${safe(name)}`;
}

export interface LinkWindow {
  startsOn: Date;
  expiresOn: Date;
}

/** Start a little in the past (skew); end after the configured hours, capped at the delegation limit. */
export function linkWindow(policy: LinkPolicy): LinkWindow {
  const now = (policy.now ?? (() => new Date()))().getTime();
  let lifetime = policy.expiryHours * 3_600_000;
  if (policy.signing === 'user-delegation') lifetime = Math.min(lifetime, MAX_DELEGATION_MS - SKEW_MS);
  return { startsOn: new Date(now - SKEW_MS), expiresOn: new Date(now + lifetime) };
}

export class LinkSigner {
  private cachedKey: { key: UserDelegationKey; expiresOn: Date } | undefined;

  constructor(
    private readonly policy: LinkPolicy,
    /** Needed for user-delegation signing (the key is requested with the service's OAuth credential). */
    private readonly service?: BlobServiceClient,
  ) {
    if (policy.signing === 'user-delegation' && !service)
      throw new Error('user-delegation links need a BlobServiceClient with a token credential');
  }

  get signing(): LinkSigning {
    return this.policy.signing;
  }

  async sign(blob: BlobClient, location: RunLocation, name: string): Promise<string> {
    const window = linkWindow(this.policy);
    const options = {
      permissions: BlobSASPermissions.parse('r'),
      startsOn: window.startsOn,
      expiresOn: window.expiresOn,
      // The page opens in the browser; the data files are saved under a name that says month and run.
      contentDisposition: `${name.endsWith('.html') ? 'inline' : 'attachment'}; filename="${downloadFileName(location, name)}"`,
    };
    if (this.policy.signing === 'account-key') {
      // Azurite listens on plain HTTP, so the link must allow it; the key is the emulator's public one.
      return blob.generateSasUrl({ ...options, protocol: SASProtocol.HttpsAndHttp });
    }
    const key = await this.delegationKey(window);
    const expiresOn = new Date(Math.min(window.expiresOn.getTime(), key.expiresOn.getTime()));
    return blob.generateUserDelegationSasUrl({ ...options, expiresOn, protocol: SASProtocol.Https }, key.key);
  }

  /** One key serves every link of a run: reuse it while it outlives the links being signed. */
  private async delegationKey(window: LinkWindow): Promise<{ key: UserDelegationKey; expiresOn: Date }> {
    const cached = this.cachedKey;
    if (cached && cached.expiresOn.getTime() >= window.expiresOn.getTime() - SKEW_MS) return cached;
    const key = await this.service!.getUserDelegationKey(window.startsOn, window.expiresOn);
    this.cachedKey = { key, expiresOn: window.expiresOn };
    return this.cachedKey;
  }
}
