/**
 * Consumer lag as `kafka-consumer-groups.sh --describe` reports it: per partition, the group's committed
 * offset, the log end offset and their difference. A partition the group has committed nothing for shows
 * `-` for both the current offset and the lag (Kafka's tool does the same).
 */
import { adapterOf } from './adapter.js';
import type { AdminAdapter, KafkaConnection } from './adapter.js';

export interface LagRow {
  group: string;
  topic: string;
  partition: number;
  /** The committed offset (next to read); null when the group committed nothing for the partition. */
  currentOffset: number | null;
  /** The offset the next produced message gets. */
  logEndOffset: number;
  /** `logEndOffset - currentOffset`; null when there is no committed offset. */
  lag: number | null;
}

export type ConsumerLagOptions = KafkaConnection & {
  groupId: string;
  /**
   * Topics to report. Default: every topic the group has committed offsets for (found by reading the
   * group's offsets for all non-internal topics).
   */
  topics?: readonly string[];
};

/** Lag rows of a group, sorted by topic and partition. */
export async function consumerLag(options: ConsumerLagOptions): Promise<LagRow[]> {
  const admin = adapterOf(options, 'consumerLag').admin();
  await admin.connect();
  try {
    return await lagRows(admin, options.groupId, options.topics);
  } finally {
    await admin.disconnect();
  }
}

async function lagRows(admin: AdminAdapter, groupId: string, onlyTopics: readonly string[] | undefined): Promise<LagRow[]> {
  const explicit = onlyTopics !== undefined;
  const topics = explicit ? [...new Set(onlyTopics)] : (await admin.listTopics()).filter((topic) => !topic.startsWith('__'));
  if (topics.length === 0) return [];
  const committed = await admin.fetchOffsets(groupId, topics);
  const rows: LagRow[] = [];
  for (const entry of committed) {
    const hasCommits = entry.partitions.some((partition) => Number(partition.offset) >= 0);
    if (!explicit && !hasCommits) continue;
    const ends = new Map((await admin.fetchTopicOffsets(entry.topic)).map((offsets) => [offsets.partition, Number(offsets.high)]));
    for (const partition of entry.partitions) {
      const logEndOffset = ends.get(partition.partition) ?? 0;
      const current = Number(partition.offset);
      // Negative means "none": -1 is what the broker answers for a partition without a commit.
      const currentOffset = current >= 0 ? current : null;
      rows.push({
        group: groupId,
        topic: entry.topic,
        partition: partition.partition,
        currentOffset,
        logEndOffset,
        // Not clamped, as Kafka's tool: a negative lag shows a commit beyond a truncated log.
        lag: currentOffset === null ? null : logEndOffset - currentOffset,
      });
    }
  }
  return rows.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
}

const columns: Array<{ title: string; cell: (row: LagRow) => string; alignRight: boolean }> = [
  { title: 'GROUP', cell: (row) => row.group, alignRight: false },
  { title: 'TOPIC', cell: (row) => row.topic, alignRight: false },
  { title: 'PARTITION', cell: (row) => String(row.partition), alignRight: true },
  { title: 'CURRENT-OFFSET', cell: (row) => (row.currentOffset === null ? '-' : String(row.currentOffset)), alignRight: true },
  { title: 'LOG-END-OFFSET', cell: (row) => String(row.logEndOffset), alignRight: true },
  { title: 'LAG', cell: (row) => (row.lag === null ? '-' : String(row.lag)), alignRight: true },
];

/** The table `GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG`, columns padded, one line per row. */
export function formatLagTable(rows: readonly LagRow[]): string {
  const cells = [columns.map((column) => column.title), ...rows.map((row) => columns.map((column) => column.cell(row)))];
  const widths = columns.map((_, index) => Math.max(...cells.map((line) => line[index]?.length ?? 0)));
  const lines = cells.map((line) =>
    line
      .map((cell, index) => {
        const width = widths[index] ?? cell.length;
        return columns[index]?.alignRight ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd(),
  );
  return `${lines.join('\n')}\n`;
}

/** The rows as a JSON array (`null` where the table shows `-`). */
export function formatLagJson(rows: readonly LagRow[]): string {
  return `${JSON.stringify(rows, null, 2)}\n`;
}
