import path from 'node:path';
import { parseDatabaseUrl } from './database.config.js';

describe('parseDatabaseUrl', () => {
  it('defaults to a SQLite file in the data folder', () => {
    expect(parseDatabaseUrl(undefined, '/srv/data')).toMatchObject({
      type: 'sqlite',
      url: '/srv/data/crm-bridge.sqlite',
    });
  });

  it('resolves relative SQLite paths from the working directory', () => {
    expect(parseDatabaseUrl('sqlite:./x/db.sqlite', '/d').url).toBe(path.resolve('x/db.sqlite'));
    expect(parseDatabaseUrl('sqlite:///abs/db.sqlite', '/d').url).toBe('/abs/db.sqlite');
    expect(parseDatabaseUrl('sqlite::memory:', '/d').url).toBe(':memory:');
  });

  it('accepts mysql:// and mariadb:// URLs', () => {
    expect(parseDatabaseUrl('mysql://root@127.0.0.1:3306/test', '/d')).toMatchObject({
      type: 'mysql',
      url: 'mysql://root@127.0.0.1:3306/test',
    });
    expect(parseDatabaseUrl('mariadb://u:p@db/crm', '/d')).toMatchObject({
      type: 'mysql',
      url: 'mysql://u:p@db/crm',
    });
  });

  it('accepts postgres:// and postgresql:// URLs', () => {
    expect(parseDatabaseUrl('postgres://postgres@127.0.0.1:5432/test', '/d')).toMatchObject({
      type: 'postgres',
      url: 'postgres://postgres@127.0.0.1:5432/test',
    });
    expect(parseDatabaseUrl('postgresql://u:p@db/crm?sslmode=require', '/d')).toMatchObject({
      type: 'postgres',
      url: 'postgres://u:p@db/crm?sslmode=require',
    });
  });

  it.each([
    ['redis://x/y', 'unsupported scheme'],
    ['mysql://root@127.0.0.1:3306', 'must name a database'],
    ['postgres://postgres@127.0.0.1:5432/', 'must name a database'],
    ['not a url', 'must be sqlite:'],
    ['sqlite:', 'needs a file path'],
  ])('refuses %s', (url, message) => {
    expect(() => parseDatabaseUrl(url, '/d')).toThrow(message);
  });

  it('does not echo credentials in errors', () => {
    expect(() => parseDatabaseUrl('redis://user:hunter2@x/y', '/d')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
    expect(() => parseDatabaseUrl('postgres://user:hunter2@x', '/d')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });
});
