/** Fails validation with the first problem, as `<cluster>: <field path> <problem>`. */
export type Fail = (field: string, problem: string) => never;
