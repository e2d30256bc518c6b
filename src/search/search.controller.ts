import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import { CurrentBody } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { BodyParamsDto } from 'src/common/id-params.dto';
import { SearchQueryDto, SearchResponseDto, SuggestQueryDto, SuggestResponseDto } from 'src/search/search.dto';
import { SearchService } from 'src/search/search.service';

/**
 * Public routes: the guard resolves a session when there is one, and the service searches as
 * the viewer that session is in the body (public without one).
 */
@ApiTags('Search')
@Controller('api/v1')
export class SearchController {
  constructor(private readonly service: SearchService) {}

  @Get('search')
  @RequireAccess(Access.Public)
  @ApiOperation({ summary: 'Search all bodies of the installation (public content only)' })
  @ApiOkResponse({ type: SearchResponseDto })
  searchInstallation(@Query() query: SearchQueryDto): Promise<SearchResponseDto> {
    return this.service.searchInstallation(query);
  }

  @Get('search/suggest')
  @RequireAccess(Access.Public)
  @ApiOperation({ summary: 'Titles matching what has been typed, across all bodies (public content only)' })
  @ApiOkResponse({ type: SuggestResponseDto })
  suggestInstallation(@Query() query: SuggestQueryDto): Promise<SuggestResponseDto> {
    return this.service.suggest(null, undefined, query);
  }

  @Get('bodies/:bodyKey/search')
  @RequireAccess(Access.Public)
  @ApiOperation({ summary: "Search a body's papers, meetings, agenda items, files, organizations and persons as the caller may see them" })
  @ApiOkResponse({ type: SearchResponseDto })
  searchBody(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Body,
    @Req() request: FastifyRequest,
    @Query() query: SearchQueryDto,
  ): Promise<SearchResponseDto> {
    return this.service.searchBody(body, request.principal, query);
  }

  @Get('bodies/:bodyKey/search/suggest')
  @RequireAccess(Access.Public)
  @ApiOperation({ summary: 'Titles matching what has been typed, as the caller may see them' })
  @ApiOkResponse({ type: SuggestResponseDto })
  suggestBody(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Body,
    @Req() request: FastifyRequest,
    @Query() query: SuggestQueryDto,
  ): Promise<SuggestResponseDto> {
    return this.service.suggest(body, request.principal, query);
  }
}
