// HTTP: the model registry (docs/contract.md section 7, "Models"): for any role, each model with
// its versions and their status, and each version's model card (the lineage of a proposal names
// its model id and version, which is the path of that version's card here); for role governance,
// promoting a version.
import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '@governor/auth';
import {
  ApiErrors,
  badRequest,
  conflict,
  CurrentUser,
  cursorFields,
  notFound,
  Page,
  PageQuery,
  type PageRequest,
  Roles,
} from '@governor/nest';
import {
  ModelLifecycleService,
  type ModelSummary,
  PromotionRefused,
  type VersionView,
} from './model-lifecycle.service';
import { PromoteRequest } from './promote.request';

export const GOVERNANCE_ROLE = 'governance';

@Controller('models')
@ApiTags('models')
export class ModelsController {
  constructor(@Inject(ModelLifecycleService) private readonly lifecycle: ModelLifecycleService) {}

  /** A page of the models by id, each with its versions (newest first) and their status. */
  @Get()
  async list(@PageQuery() page: PageRequest): Promise<Page<ModelSummary>> {
    const after = cursorFields(page, ['modelId'])?.modelId;
    if (after !== undefined && typeof after !== 'string')
      throw badRequest('invalid-cursor', 'after is not a cursor of this list');
    const models = await this.lifecycle.list(after, page.limit + 1);
    return Page.of(models, page, (m) => ({ modelId: m.modelId }));
  }

  /** One model with every version and its model card. */
  @Get(':modelId')
  @ApiErrors({ 404: '`unknown-model`' })
  async get(@Param('modelId') modelId: string): Promise<object> {
    const model = await this.lifecycle.model(modelId);
    if (!model) throw notFound('unknown-model', `no model ${modelId} is registered`);
    return model;
  }

  /** One version with its model card (the lineage's model id and version lead here). */
  @Get(':modelId/versions/:version')
  @ApiErrors({ 404: '`unknown-model-version`' })
  async version(@Param('modelId') modelId: string, @Param('version') version: string): Promise<VersionView> {
    const found = await this.lifecycle.version(modelId, version);
    if (!found)
      throw notFound('unknown-model-version', `no version ${version} of model ${modelId} is registered`);
    return found;
  }

  /**
   * Makes the version its model's champion (the one before retires) and the service runs it. A
   * version that did worse than the champion, in its backtest or in shadow, needs a reason.
   */
  @Post(':modelId/versions/:version/promote')
  @HttpCode(200)
  @Roles(GOVERNANCE_ROLE)
  @ApiErrors({
    404: '`unknown-model-version`',
    409:
      '`already-champion`, `worse-than-champion` (without a reason), `version-not-runnable`, ' +
      '`champion-changed` (an approval whose champion is no longer champion), `version-retired` (an approval of a retired version)',
  })
  async promote(
    @Param('modelId') modelId: string,
    @Param('version') version: string,
    @Body() body: PromoteRequest,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<VersionView> {
    try {
      return await this.lifecycle.promote(modelId, version, user.id, body.reason, body.approval);
    } catch (error) {
      if (!(error instanceof PromotionRefused)) throw error;
      throw error.code === 'unknown-model-version'
        ? notFound(error.code, error.message)
        : conflict(error.code, error.message);
    }
  }
}
