/**
 * Users: created by an admin with a role and the clinics (and, for a therapist, the therapist id)
 * they stand for, or by an owner: therapist users of the owner's own clinics. Clinic and therapist
 * ids are stored as keyed hashes, like everywhere else.
 */
import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { assertStorableText, unstorableCharacterIn } from '../common/storable-text.js';
import { ROLES, UserEntity, type Role } from '../database/entities/user.entity.js';
import { Pseudonymizer } from '../pseudonyms/pseudonymizer.js';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from './password-hasher.js';

export const MIN_PASSWORD_LENGTH = 12;

export interface NewUser {
  email: string;
  password: string;
  role: Role;
  clinics: string[];
  therapist: string | null;
}

export interface UserView {
  id: number;
  email: string;
  role: Role;
  clinics: string[];
  therapist: string | null;
  disabled: boolean;
  createdAt: string;
}

export function toUserView(user: UserEntity): UserView {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    clinics: user.clinicKeys,
    therapist: user.therapistKey,
    disabled: user.disabled,
    createdAt: new Date(user.createdAt).toISOString(),
  };
}

/** The fields of a new user that hold text (or lists of text). */
const TEXT_FIELDS = ['email', 'password', 'clinics', 'therapist'] as const;

/**
 * A problem when a text field holds text the database cannot store (common/storable-text.ts);
 * checked for the password and ids too, which are stored hashed: a lone surrogate would be hashed
 * as U+FFFD, so that another text than the one given would be accepted.
 */
function unstorableTextProblems(field: string, value: unknown): string[] {
  const texts = (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
  const character = texts.map(unstorableCharacterIn).find((found) => found !== undefined);
  return character === undefined ? [] : [`${field}: must not contain ${character}`];
}

/**
 * Whether `principal` manages `user`: an admin every user; an owner the therapist users who stand
 * only for clinics of the owner's (so an owner never changes a user of another clinic, nor one
 * shared with another clinic).
 */
export function manages(principal: Principal, user: { role: Role; clinicKeys: readonly string[] }): boolean {
  if (principal.role === 'admin') return true;
  if (principal.role !== 'owner' || principal.clinicKeys.length === 0) return false;
  return user.role === 'therapist' && user.clinicKeys.length > 0 && user.clinicKeys.every((key) => principal.clinicKeys.includes(key));
}

/** Checks a new password (POST /api/users/:id/password), naming the problem. */
export function parseNewPassword(body: unknown): string {
  const password = (body as { password?: unknown } | undefined)?.password;
  const problems: string[] = [];
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH || password.length > 1024) {
    problems.push(`password: at least ${MIN_PASSWORD_LENGTH} characters`);
  } else {
    problems.push(...unstorableTextProblems('password', password));
  }
  const unknown = Object.keys((body ?? {}) as object).filter((key) => key !== 'password');
  if (unknown.length > 0) problems.push(`unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
  if (problems.length > 0) throw new BadRequestException({ statusCode: 400, message: 'the password is not valid', errors: problems });
  return password as string;
}

/** Checks a POST /api/users body, naming each problem. */
export function parseNewUser(body: unknown): NewUser {
  const value = (body ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  const email = typeof value.email === 'string' ? value.email.trim() : '';
  if (!/^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/.test(email)) problems.push('email: an email address');
  const password = typeof value.password === 'string' ? value.password : '';
  if (password.length < MIN_PASSWORD_LENGTH || password.length > 1024) {
    problems.push(`password: at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const role = value.role as Role;
  if (!ROLES.includes(role)) problems.push(`role: one of ${ROLES.join(', ')}`);
  const clinics = value.clinics ?? [];
  if (!Array.isArray(clinics) || !clinics.every((clinic) => typeof clinic === 'string' && clinic.trim() !== '' && clinic.length <= 200)) {
    problems.push('clinics: a list of clinic ids');
  }
  const therapist = value.therapist ?? null;
  if (therapist !== null && (typeof therapist !== 'string' || therapist.trim() === '' || therapist.length > 200)) {
    problems.push('therapist: a therapist id');
  }
  if ((role === 'owner' || role === 'therapist') && Array.isArray(clinics) && clinics.length === 0) {
    problems.push(`clinics: an ${role} stands for at least one clinic`);
  }
  if (role === 'therapist' && therapist === null) problems.push('therapist: the therapist id of this user');
  if (role !== 'therapist' && therapist !== null) problems.push('therapist: only for the therapist role');
  problems.push(...TEXT_FIELDS.flatMap((field) => unstorableTextProblems(field, value[field])));
  const unknown = Object.keys(value).filter((key) => !['email', 'password', 'role', 'clinics', 'therapist'].includes(key));
  if (unknown.length > 0) problems.push(`unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
  if (problems.length > 0) throw new BadRequestException({ statusCode: 400, message: 'the user is not valid', errors: problems });
  return { email, password, role, clinics: (clinics as string[]).map((clinic) => clinic.trim()), therapist: therapist === null ? null : String(therapist).trim() };
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pseudonyms: Pseudonymizer,
  ) {}

  /**
   * Creates the user; `principal` is who asks. An owner creates therapist users of their own
   * clinics only (a 403 otherwise, before anything is stored).
   */
  async create(user: NewUser, principal: Principal): Promise<UserView> {
    const repository = this.dataSource.getRepository(UserEntity);
    const clinicKeys = [...new Set(user.clinics.map((clinic) => this.pseudonyms.keyForFilter('clinic', clinic)))];
    if (!manages(principal, { role: user.role, clinicKeys })) {
      throw new ForbiddenException(
        user.role !== 'therapist'
          ? 'an owner creates therapist users only'
          : 'an owner creates therapist users of their own clinics only: a clinic given is not one of yours',
      );
    }
    const taken = await repository.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email: user.email }).getExists();
    if (taken) throw new ConflictException(`a user with the email ${user.email} exists`);
    const saved = await repository.save(
      repository.create({
        email: user.email,
        passwordHash: await hashPassword(user.password),
        role: user.role,
        clinicKeys,
        therapistKey: user.therapist === null ? null : this.pseudonyms.keyForFilter('therapist', user.therapist),
        createdBy: principal.name,
      }),
    );
    return toUserView(saved);
  }

  /** The users `principal` manages (an admin: every user). */
  async list(principal: Principal): Promise<UserView[]> {
    const users = await this.dataSource.getRepository(UserEntity).find({ order: { id: 'ASC' } });
    return users.filter((user) => manages(principal, user)).map(toUserView);
  }

  /** The user with this id, or a 404 (also for a user `principal` does not manage). */
  async find(id: number, principal: Principal): Promise<UserView> {
    return toUserView(await this.findEntity(id, principal));
  }

  async setDisabled(id: number, disabled: boolean, principal: Principal): Promise<UserView> {
    const user = await this.findEntity(id, principal);
    user.disabled = disabled;
    return toUserView(await this.dataSource.getRepository(UserEntity).save(user));
  }

  /** Sets a new password (the caller revokes the user's tokens, so that old sign-ins end). */
  async setPassword(id: number, password: string, principal: Principal): Promise<UserView> {
    const user = await this.findEntity(id, principal);
    user.passwordHash = await hashPassword(password);
    return toUserView(await this.dataSource.getRepository(UserEntity).save(user));
  }

  /** A user the principal does not manage is answered as one that does not exist: an owner learns nothing of others. */
  private async findEntity(id: number, principal: Principal): Promise<UserEntity> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id });
    if (user === null || !manages(principal, user)) throw new NotFoundException(`no user ${id}`);
    return user;
  }

  /** The user with this email and password, or null; as slow for an unknown email as for a wrong password. */
  async authenticate(email: string, password: string): Promise<UserView | null> {
    // The caller checks the whole request first (auth.controller.ts); this keeps the query safe for any caller.
    assertStorableText(email, 'email');
    const user = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email })
      .getOne();
    const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
    return user !== null && matches && !user.disabled ? toUserView(user) : null;
  }
}
