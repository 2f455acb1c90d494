import { isPostgresConfigured, openDatabase } from '../../src/storage/postgres';
import { insertSloMetrics, type SloMetricsRow } from '../../src/storage/slo-metrics';
import type { Env } from '../env';
import { directoryOf, optimizerOf } from '../stubs';

/**
 * The SLO sweep (every minute): each task type re-checks its guard (rolling back on a breach)
 * and promotes when the gate allows; the figures go to `slo_metrics`.
 */
export async function runSloSweep(env: Env): Promise<SloMetricsRow[]> {
  const rows: SloMetricsRow[] = [];
  for (const taskType of await directoryOf(env).list()) {
    try {
      const result = await optimizerOf(env, taskType).sweep();
      if (!result) continue;
      rows.push({
        id: `slo_${crypto.randomUUID()}`,
        taskType,
        at: new Date(),
        phase: result.phase,
        verdict: result.verdict,
        treated: result.slo.treated,
        control: result.slo.control,
        details: JSON.parse(
          JSON.stringify({
            judgment: result.judgment,
            promotion: result.promotion,
            promoted: result.promoted,
          }),
        ),
      });
    } catch (error) {
      console.error(JSON.stringify({ cron: 'slo-sweep', taskType, error: String(error) }));
    }
  }
  if (isPostgresConfigured(env)) {
    const { db, close } = openDatabase(env);
    try {
      await insertSloMetrics(db, rows);
    } catch (error) {
      console.error(
        JSON.stringify({ cron: 'slo-sweep', error: `slo_metrics not written: ${String(error)}` }),
      );
    } finally {
      await close();
    }
  }
  return rows;
}
