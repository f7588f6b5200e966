/** Templates of the common layouts, to download and fill (libs/ingest mapping/templates.ts, docs/mappings.md). */
import { Controller, Get, NotFoundException, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../auth/roles.decorator.js';
import { INGEST_TEMPLATES, templateFile, type IngestTemplate } from '@threshold/ingest';

@ApiTags('ingest')
@ApiBearerAuth()
@Roles('admin', 'owner')
@Controller('ingest/templates')
export class TemplatesController {
  @Get()
  @ApiOkResponse({ description: '`{templates: [{name, layout, description, mediaType}]}`' })
  list(): { templates: readonly IngestTemplate[] } {
    return { templates: INGEST_TEMPLATES };
  }

  @Get(':name')
  @ApiOkResponse({ description: 'the template file, as an attachment' })
  async file(@Param('name') name: string, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const template = INGEST_TEMPLATES.find((entry) => entry.name === name);
    const bytes = template === undefined ? undefined : await templateFile(template.name);
    if (template === undefined || bytes === undefined) throw new NotFoundException(`no template ${name}: the templates are ${INGEST_TEMPLATES.map((entry) => entry.name).join(', ')}`);
    response.setHeader('Content-Disposition', `attachment; filename="threshold-${template.name}"`);
    return new StreamableFile(bytes, { type: template.mediaType, length: bytes.length });
  }
}
