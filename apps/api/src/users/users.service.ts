/**
 * Users: created by an admin with a role and the clinics (and, for a therapist, the therapist id)
 * they stand for. Clinic and therapist ids are stored as keyed hashes, like everywhere else.
 */
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
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

  async create(user: NewUser, createdBy: string): Promise<UserView> {
    const repository = this.dataSource.getRepository(UserEntity);
    const taken = await repository.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email: user.email }).getExists();
    if (taken) throw new ConflictException(`a user with the email ${user.email} exists`);
    const saved = await repository.save(
      repository.create({
        email: user.email,
        passwordHash: await hashPassword(user.password),
        role: user.role,
        clinicKeys: [...new Set(user.clinics.map((clinic) => this.pseudonyms.keyForFilter('clinic', clinic)))],
        therapistKey: user.therapist === null ? null : this.pseudonyms.keyForFilter('therapist', user.therapist),
        createdBy,
      }),
    );
    return toUserView(saved);
  }

  async list(): Promise<UserView[]> {
    return (await this.dataSource.getRepository(UserEntity).find({ order: { id: 'ASC' } })).map(toUserView);
  }

  /** The user with this id, or a 404. */
  async find(id: number): Promise<UserView> {
    return toUserView(await this.findEntity(id));
  }

  async setDisabled(id: number, disabled: boolean): Promise<UserView> {
    const user = await this.findEntity(id);
    user.disabled = disabled;
    return toUserView(await this.dataSource.getRepository(UserEntity).save(user));
  }

  private async findEntity(id: number): Promise<UserEntity> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id });
    if (user === null) throw new NotFoundException(`no user ${id}`);
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
