import type { Problem } from './types';

/** A non-2xx answer from the sidecar, with its problem+json when it sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }

  /** Field messages keyed by the last part of the dotted path (`specs.year` -> `year`),
   * snake_case turned to camelCase, so forms match them to their inputs. */
  fieldErrors(): Record<string, string> {
    const byField: Record<string, string> = {};
    for (const { field, message } of this.problem.errors ?? []) {
      const key = fieldKey(field);
      if (!(key in byField)) byField[key] = message;
    }
    return byField;
  }
}

/** `specs.origin_country` -> `originCountry`; `images.2` -> `images`. */
export function fieldKey(field: string): string {
  const parts = field.split('.').filter((part) => !/^\d+$/.test(part));
  const last = parts[parts.length - 1] ?? field;
  return last.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

export async function problemOf(response: Response): Promise<Problem> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (body && typeof body === 'object') {
    const candidate = body as Partial<Problem>;
    return { ...candidate, status: response.status } as Problem;
  }
  return { status: response.status, title: response.statusText };
}
