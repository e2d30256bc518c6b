import { SetMetadata } from '@nestjs/common';

/** What a route requires. Every route declares one; the global guard denies routes without. */
export enum Access {
  /** Anyone, no login. */
  Public = 'public',
  /** Any logged-in account. */
  Authenticated = 'authenticated',
  /** The platform operator. */
  Operator = 'operator',
  /** Administrator (council office) of the body in the path. */
  BodyAdmin = 'bodyAdmin',
  /** Administrator or council member of the body in the path; the visibility rule filters. */
  BodyReader = 'bodyReader',
}

export const ACCESS_KEY = 'access';
export const RequireAccess = (access: Access) => SetMetadata(ACCESS_KEY, access);
