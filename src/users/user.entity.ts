import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { UserType } from '../identity/principal';

export type { UserType };
/** The built-in admin (the same id as Concord's), created at first start and never deleted. */
export const ADMIN_USER_ID = '230c5c9c-d9a7-11e6-bcfd-bb681c07b26c';

export const USER_TYPES: readonly UserType[] = ['LOCAL', 'LDAP', 'SSO'];

@Entity({ name: 'users' })
// (lower(username), coalesce(lower(domain), ''), type) is unique; an expression index TypeORM cannot model.
@Index('users_identity_uq', { synchronize: false })
export class UserEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** Stored lower-cased, as Concord does, so lookups are case-insensitive. */
  @Column({ type: 'varchar', length: 128 })
  username!: string;

  @Column({ type: 'varchar', length: 512, nullable: true })
  domain!: string | null;

  @Column({ name: 'display_name', type: 'varchar', length: 1024, nullable: true })
  displayName!: string | null;

  @Column({ type: 'varchar', length: 512, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 16 })
  type!: UserType;

  /** argon2id hash for LOCAL users with a password; never selected unless asked for. */
  @Column({ name: 'password_hash', type: 'text', nullable: true, select: false })
  passwordHash!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles!: string[];

  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  @Column({ name: 'permanently_disabled', type: 'boolean', default: false })
  permanentlyDisabled!: boolean;

  @Column({ name: 'disabled_date', type: 'timestamptz', nullable: true })
  disabledDate!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
