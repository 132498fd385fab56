// Parsing of PRELOGIN, LOGIN7 (with its FEDAUTH feature extension) and FEDAUTH_TOKEN messages, and the PRELOGIN answer.

export const Encrypt = { OFF: 0x00, ON: 0x01, NOT_SUP: 0x02, REQ: 0x03 } as const;

export interface PreloginRequest {
  encryption: number;
  fedAuthRequired: boolean;
}

export function parsePrelogin(buf: Buffer): PreloginRequest {
  let offset = 0;
  let encryption: number = Encrypt.NOT_SUP;
  let fedAuthRequired = false;
  while (offset < buf.length && buf[offset] !== 0xff) {
    const token = buf[offset]!;
    const at = buf.readUInt16BE(offset + 1);
    const len = buf.readUInt16BE(offset + 3);
    if (token === 0x01 && len > 0) encryption = buf[at]!;
    if (token === 0x06 && len > 0) fedAuthRequired = buf[at] === 1;
    offset += 5;
  }
  return { encryption, fedAuthRequired };
}

export function preloginResponse(encryption: number, echoFedAuth: boolean): Buffer {
  const options: [number, Buffer][] = [
    [0x00, Buffer.from([16, 0, 0x03, 0xe8, 0, 0])],
    [0x01, Buffer.from([encryption])],
    [0x02, Buffer.from([0])],
    [0x03, Buffer.alloc(0)],
    [0x04, Buffer.from([0])],
  ];
  if (echoFedAuth) options.push([0x06, Buffer.from([1])]);
  const header = Buffer.alloc(options.length * 5 + 1);
  let dataOffset = header.length;
  options.forEach(([token, data], i) => {
    header[i * 5] = token;
    header.writeUInt16BE(dataOffset, i * 5 + 1);
    header.writeUInt16BE(data.length, i * 5 + 3);
    dataOffset += data.length;
  });
  header[header.length - 1] = 0xff;
  return Buffer.concat([header, ...options.map(([, d]) => d)]);
}

export type FedAuth = { library: 'securitytoken'; token: string } | { library: 'msal'; workflow: number };

export interface Login7 {
  tdsVersion: number;
  packetSize: number;
  readOnlyIntent: boolean;
  userName: string;
  password: string;
  appName: string;
  database: string;
  fedAuth: FedAuth | undefined;
}

/** Decodes the password obfuscation of LOGIN7 (nibble swap, then XOR 0xA5, reversed). */
function unscramble(b: Buffer): string {
  const out = Buffer.alloc(b.length);
  for (let i = 0; i < b.length; i++) {
    const x = b[i]! ^ 0xa5;
    out[i] = ((x & 0x0f) << 4) | (x >> 4);
  }
  return out.toString('ucs2');
}

export function parseLogin7(buf: Buffer): Login7 {
  const text = (at: number): string => {
    const offset = buf.readUInt16LE(at);
    const chars = buf.readUInt16LE(at + 2);
    return buf.toString('ucs2', offset, offset + chars * 2);
  };
  const tdsVersion = buf.readUInt32LE(4);
  const packetSize = buf.readUInt32LE(8);
  const typeFlags = buf[26]!;
  const flags3 = buf[27]!;
  const pwOffset = buf.readUInt16LE(44);
  const pwChars = buf.readUInt16LE(46);
  let fedAuth: FedAuth | undefined;
  if (flags3 & 0x10) {
    const extOffset = buf.readUInt16LE(56);
    const extLen = buf.readUInt16LE(58);
    if (extLen >= 4) fedAuth = parseFeatureExt(buf, buf.readUInt32LE(extOffset));
  }
  return {
    tdsVersion,
    packetSize,
    readOnlyIntent: (typeFlags & 0x20) !== 0,
    userName: text(40),
    password: unscramble(buf.subarray(pwOffset, pwOffset + pwChars * 2)),
    appName: text(48),
    database: text(68),
    fedAuth,
  };
}

function parseFeatureExt(buf: Buffer, offset: number): FedAuth | undefined {
  let fedAuth: FedAuth | undefined;
  while (offset < buf.length && buf[offset] !== 0xff) {
    const id = buf[offset]!;
    const len = buf.readUInt32LE(offset + 1);
    const data = buf.subarray(offset + 5, offset + 5 + len);
    if (id === 0x02 && data.length > 0) {
      const library = data[0]! >> 1;
      if (library === 0x01) {
        const tokenLen = data.readUInt32LE(1);
        fedAuth = { library: 'securitytoken', token: data.toString('ucs2', 5, 5 + tokenLen) };
      } else if (library === 0x02) {
        fedAuth = { library: 'msal', workflow: data[1] ?? 0 };
      }
    }
    offset += 5 + len;
  }
  return fedAuth;
}

/** FEDAUTH_TOKEN message: DataLen, TokenLen, token (UCS-2), optional nonce. */
export function parseFedAuthToken(buf: Buffer): string {
  const tokenLen = buf.readUInt32LE(4);
  return buf.toString('ucs2', 8, 8 + tokenLen);
}
