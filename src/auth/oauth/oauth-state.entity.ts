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

  @Column({ name: 'expires_at', type: Date })
  expiresAt: Date;
}
