// Ids in paths are digits only: " 1", "1%0a", "0x10" and "1e3" are not incidents #1, #1, #16 and
// #1000 (Number() would say they are).
import { z } from 'zod';

const DIGITS = /^\d{1,15}$/;

/** The incident id in a path, or null when it is not one. */
export function parseIncidentId(raw: unknown): number | null {
  if (typeof raw !== 'string' || !DIGITS.test(raw)) return null;
  const id = Number(raw);
  return id > 0 ? id : null;
}

const idParams = z.object({
  id: z.string().transform((raw, ctx) => {
    const id = parseIncidentId(raw);
    if (id === null) ctx.addIssue({ code: 'custom', message: `"${raw}" is not an incident id (a positive whole number, digits only)` });
    return id ?? 0;
  }),
});

/** The `:id` of a route, or a ZodError naming `id` (answered 400). */
export const incidentIdParam = (params: Record<string, string>): number => idParams.parse(params).id;
