import { ownValue } from '../common/own-key';
import type { Arm, TaskTypeConfig } from '../contract/task-type';
import { unpricedModelViolations } from '../cost/unpriced-models';
import { featureDimension } from '../features/encode';
import { isContextual } from '../policies/registry';

/** One broken rule, addressed by a JSON Pointer into the request body. */
export interface Violation {
  path: string;
  message: string;
  value?: unknown;
  limit?: unknown;
}

// 0.9 − 0.7 must sit inside a 0.2 trust region (API.md): compare with a tolerance.
const TOLERANCE = 1e-9;

/** Largest `maxTokens` per model; models not listed get DEFAULT_MAX_TOKENS_CAP. */
export const MODEL_MAX_TOKENS: Readonly<Record<string, number>> = {
  'gpt-4o-mini': 16_384,
  'gpt-4o': 16_384,
  'gpt-4.1': 32_768,
  'gpt-4.1-mini': 32_768,
  'claude-3-5-haiku': 8_192,
  'claude-sonnet-4': 64_000,
};
export const DEFAULT_MAX_TOKENS_CAP = 131_072;

/**
 * Largest encoded context for the linear policies: their state is d×d per arm and is
 * written on every update, so d stays small (a category or tag set takes 8 coordinates).
 */
export const MAX_FEATURE_DIMENSION = 64;

/** Every rule a config must satisfy beyond its schema: hard limits, trust region, arm set. */
export function checkConfig(config: TaskTypeConfig): Violation[] {
  return [
    ...checkArmSet(config),
    ...config.arms.flatMap(checkHardLimits),
    ...checkTrustRegion(config),
    ...checkFeatures(config),
    ...checkRolloutWindow(config),
    ...unpricedModelViolations(config),
  ].map((v) => namingTheArm(config, v));
}

/**
 * A violation under `/arms/<i>/` also names the arm by id in its message (API.md second release):
 * an index means little to someone whose arms came from a grid expansion.
 */
export function namingTheArm(config: TaskTypeConfig, v: Violation): Violation {
  const index = /^\/arms\/(\d+)(?:\/|$)/.exec(v.path)?.[1];
  const arm = index === undefined ? undefined : config.arms[Number(index)];
  if (!arm || v.message.startsWith("arm '")) return v;
  return { ...v, message: `arm '${arm.id}': ${v.message}` };
}

/** The SLO window moves by whole buckets, so a bucket cannot be longer than the window. */
function checkRolloutWindow(config: TaskTypeConfig): Violation[] {
  const { windowMs, bucketMs } = config.rollout;
  if (bucketMs <= windowMs) return [];
  return [
    {
      path: '/rollout/bucketMs',
      message: 'must not exceed rollout.windowMs',
      value: bucketMs,
      limit: windowMs,
    },
  ];
}

/** Feature names are unique; the linear policies' encoded context stays small. */
function checkFeatures(config: TaskTypeConfig): Violation[] {
  const violations: Violation[] = [];
  const seen = new Set<string>();
  config.features.forEach((feature, i) => {
    if (seen.has(feature.name)) {
      violations.push({
        path: `/features/${i}/name`,
        message: 'feature names must be unique',
        value: feature.name,
      });
    }
    seen.add(feature.name);
  });
  const dimension = featureDimension(config.features);
  if (isContextual(config.policy) && dimension > MAX_FEATURE_DIMENSION) {
    violations.push({
      path: '/features',
      message: `encodes to ${dimension} coordinates, more than the linear policies allow`,
      value: dimension,
      limit: MAX_FEATURE_DIMENSION,
    });
  }
  return violations;
}

function checkArmSet(config: TaskTypeConfig): Violation[] {
  const violations: Violation[] = [];
  const seen = new Set<string>();
  config.arms.forEach((arm, i) => {
    if (seen.has(arm.id))
      violations.push({ path: `/arms/${i}/id`, message: 'arm ids must be unique', value: arm.id });
    seen.add(arm.id);
  });
  if (!seen.has(config.baselineArmId)) {
    violations.push({
      path: '/baselineArmId',
      message: 'the baseline must be one of the arms',
      value: config.baselineArmId,
    });
  }
  return violations;
}

/** The hard-limit violations of one arm (paths relative to `/arms/0`). */
export function checkHardLimitsOf(arm: Arm): Violation[] {
  return checkHardLimits(arm, 0);
}

/** Whether params lie inside the config's trust region around its baseline. */
export function insideTrustRegion(config: TaskTypeConfig, params: Arm['params']): boolean {
  const probe = { ...config, arms: [...config.arms, { id: '__probe', params }] };
  return checkTrustRegion(probe).every((v) => !v.path.startsWith(`/arms/${probe.arms.length - 1}/`));
}

function checkHardLimits(arm: Arm, i: number): Violation[] {
  const p = arm.params;
  const at = (field: string) => `/arms/${i}/params/${field}`;
  const violations: Violation[] = [];
  const outside = (field: string, value: number | undefined, min: number, max: number, minOpen = false) => {
    if (value === undefined) return;
    const tooLow = minOpen ? value <= min : value < min;
    if (tooLow || value > max) {
      violations.push({
        path: at(field),
        message: `must be in ${minOpen ? '(' : '['}${min}, ${max}]`,
        value,
        limit: [min, max],
      });
    }
  };
  outside('temperature', p.temperature, 0, 2);
  outside('topP', p.topP, 0, 1, true);
  outside('frequencyPenalty', p.frequencyPenalty, -2, 2);
  outside('presencePenalty', p.presencePenalty, -2, 2);
  outside('maxTokens', p.maxTokens, 1, ownValue(MODEL_MAX_TOKENS, p.model) ?? DEFAULT_MAX_TOKENS_CAP);
  return violations;
}

function checkTrustRegion(config: TaskTypeConfig): Violation[] {
  const baseline = config.arms.find((a) => a.id === config.baselineArmId);
  if (!baseline) return [];
  const { maxTemperatureDelta, maxTokensDelta } = config.trustRegion;
  const violations: Violation[] = [];
  config.arms.forEach((arm, i) => {
    const dT = Math.abs(arm.params.temperature - baseline.params.temperature);
    if (dT > maxTemperatureDelta + TOLERANCE) {
      violations.push({
        path: `/arms/${i}/params/temperature`,
        message: `outside the trust region: |Δtemperature| ${round(dT)} > ${maxTemperatureDelta} from the baseline`,
        value: arm.params.temperature,
        limit: maxTemperatureDelta,
      });
    }
    const dTokens = Math.abs(arm.params.maxTokens - baseline.params.maxTokens);
    if (dTokens > maxTokensDelta) {
      violations.push({
        path: `/arms/${i}/params/maxTokens`,
        message: `outside the trust region: |ΔmaxTokens| ${dTokens} > ${maxTokensDelta} from the baseline`,
        value: arm.params.maxTokens,
        limit: maxTokensDelta,
      });
    }
  });
  return violations;
}

const round = (x: number) => Math.round(x * 1e9) / 1e9;
