import { SetMetadata } from '@nestjs/common';
import type { Role } from '../database/entities/user.entity.js';

export const ROLES_KEY = 'threshold:roles';

/**
 * The roles that may call a route. A route without @Roles is for admins only: access is denied
 * unless granted (see bearer-token.guard.ts).
 */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const ALL_ROLES: Role[] = ['admin', 'owner', 'therapist', 'marketing'];
