// The role and unit-kind catalogue lives in core (src/core/org/roles.ts): pure data that the web shows as well.
export * from '../../core/org/roles';
