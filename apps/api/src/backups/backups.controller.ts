import { Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { BackupsService, type BackupStatus } from './backups.service.js';

/**
 * Backups, for admins only (no @Roles: admin-only by default). A backup holds every stored reading
 * and the users' password hashes: it is as sensitive as the database.
 */
@ApiTags('backups')
@ApiBearerAuth()
@Controller('backups')
export class BackupsController {
  constructor(private readonly backups: BackupsService) {}

  @Get()
  @ApiOkResponse({ description: '`{schedule, running: {reason, startedAt, progress} | null, last, files}`: the scheduled backups and the one running' })
  status(): Promise<BackupStatus> {
    return this.backups.status();
  }

  /** A backup of the database now, as the file (docs/operations.md); `outcomes backup` uses it when this server holds the embedded database. */
  @Post()
  @HttpCode(200)
  @ApiProduces('application/gzip')
  @ApiOkResponse({ description: 'the backup file (gzip); headers X-Data-Version and X-Backup-Rows' })
  async backup(@Res() response: Response): Promise<void> {
    const { file, summary, remove } = await this.backups.backupForDownload();
    response.setHeader('x-data-version', String(summary.dataVersion));
    response.setHeader('x-backup-rows', String(summary.rows));
    response.setHeader('content-disposition', 'attachment; filename="threshold.backup.gz"');
    response.sendFile(file, { dotfiles: 'allow', headers: { 'content-type': 'application/gzip' } }, () => void remove());
  }
}
