import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { databaseConfig } from '../config/database.config.js';
import { typeOrmOptions } from './typeorm-options.js';

/** For the TypeORM CLI (`npx typeorm -d dist/src/database/data-source.js migration:show`). */
export default new DataSource(typeOrmOptions(databaseConfig.read(process.env)));
