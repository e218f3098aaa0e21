import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One-time facts about this installation (e.g. "the first admin key was issued"). */
@Entity({ name: 'server_state' })
export class ServerStateEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ type: 'text' })
  value!: string;
}
