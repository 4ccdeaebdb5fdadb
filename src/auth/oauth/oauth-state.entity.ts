import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One authorization in flight (single use); the PKCE verifier is stored encrypted. */
@Entity('oauth_states')
export class OAuthStateEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  nonce: string;

  @Column({ type: 'varchar', length: 64 })
  platform: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  hostname: string;

  @Column({ name: 'redirect_uri', type: 'varchar', length: 1024 })
  redirectUri: string;

  @Column({ name: 'code_verifier', type: 'text', nullable: true })
  codeVerifier: string | null;

  /** A managed sign-in: the account (RcIdHasher) whose client it uses, which one, and its id. */
  @Column({ name: 'account_key', type: 'varchar', length: 64, nullable: true })
  accountKey: string | null;

  @Column({ name: 'client_source', type: 'varchar', length: 16, nullable: true })
  clientSource: 'account' | 'pending' | null;

  @Column({ name: 'client_id', type: 'varchar', length: 255, nullable: true })
  clientId: string | null;

  @Column({ name: 'expires_at', type: Date })
  expiresAt: Date;
}
