// The old name of src/tenancy/tenant.repository.ts, for imports not yet moved.
export { assertReferences, TenantRepository } from 'src/tenancy/tenant.repository';
export type { ReferenceCheck } from 'src/tenancy/tenant.repository';
