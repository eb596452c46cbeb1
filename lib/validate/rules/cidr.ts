// IPv4 CIDR arithmetic for NetworkPolicy ipBlocks: enough to tell whether a block reaches pods.

import { list, record, text } from "./read.ts";

interface Range {
  readonly start: number;
  readonly end: number;
}

function parseCidr(cidr: string | undefined): Range | undefined {
  const match = cidr === undefined ? null : /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) return undefined;
  const [a, b, c, d, bits] = match.slice(1).map(Number) as [number, number, number, number, number];
  if ([a, b, c, d].some((octet) => octet > 255) || bits > 32) return undefined;
  const size = 2 ** (32 - bits);
  const address = ((a * 256 + b) * 256 + c) * 256 + d;
  const start = address - (address % size);
  return { start, end: start + size - 1 };
}

/** Pod IPs come from a private range, which one depends on the cluster. */
const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((cidr) => parseCidr(cidr) as Range);

/**
 * Whether an ipBlock certainly admits pod IPs: it contains every private range and excepts none
 * of them. `0.0.0.0/0` except 10.0.0.0/8 does not: in-cluster pods sit in the excepted range.
 */
export function ipBlockReachesPods(ipBlock: unknown): boolean {
  const block = record(ipBlock);
  const range = parseCidr(text(block?.cidr));
  if (range === undefined) return false;
  const except = list(block?.except).flatMap((cidr) => parseCidr(text(cidr)) ?? []);
  return PRIVATE_RANGES.every(
    (p) => range.start <= p.start && p.end <= range.end && !except.some((e) => e.start <= p.end && p.start <= e.end),
  );
}
