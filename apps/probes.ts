import { k8s } from 'cdk8s-plus-28';

/** Probe timings; every field is written so nothing is defaulted on read-back. */
interface ProbeTiming {
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
}

/** Readiness on `/ready`: two misses take a pod out of its Service within 10 s. */
export const READINESS: ProbeTiming = {
  initialDelaySeconds: 0,
  periodSeconds: 5,
  timeoutSeconds: 2,
  successThreshold: 1,
  failureThreshold: 2,
};

/** Liveness on `/health` (no I/O): restart only after 30 s of silence. */
export const LIVENESS: ProbeTiming = {
  initialDelaySeconds: 0,
  periodSeconds: 10,
  timeoutSeconds: 2,
  successThreshold: 1,
  failureThreshold: 3,
};

/** Startup on `/health`: up to 120 s to boot before liveness takes over. */
export const STARTUP: ProbeTiming = {
  initialDelaySeconds: 0,
  periodSeconds: 2,
  timeoutSeconds: 2,
  successThreshold: 1,
  failureThreshold: 60,
};

/** An HTTP probe on the service port with every field explicit. */
export function httpProbe(path: string, port: number, timing: ProbeTiming): k8s.Probe {
  return {
    httpGet: { path, port: k8s.IntOrString.fromNumber(port), scheme: 'HTTP' },
    ...timing,
  };
}
