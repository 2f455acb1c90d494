import type { GaussianStats } from '../src/bandit/gaussian-stats';
import type { LinearDataPart } from '../src/policies/linear-data-part';
import type { GroupMemberReport } from '../src/sharing/group-report';

/** Every member's latest report of one group, as the directory keeps them (task-type-directory.ts). */
export function groupMemberReports(sql: SqlStorage, group: string): GroupMemberReport[] {
  return sql
    .exec<{ task_type: string; arms: string; shape: string | null; linear: string | null }>(
      `SELECT m.task_type, m.arms, s.shape, l.arms AS linear FROM group_members m
        LEFT JOIN group_shapes s ON s.group_name = m.group_name AND s.task_type = m.task_type
        LEFT JOIN group_linear l ON l.group_name = m.group_name AND l.task_type = m.task_type
        WHERE m.group_name = ?`,
      group,
    )
    .toArray()
    .map((r) => ({
      taskType: r.task_type,
      arms: JSON.parse(r.arms) as Record<string, GaussianStats>,
      ...(r.shape === null ? {} : { shape: r.shape }),
      ...(r.linear === null ? {} : { linear: JSON.parse(r.linear) as Record<string, LinearDataPart> }),
    }));
}
