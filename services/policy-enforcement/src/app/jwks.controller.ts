// HTTP: the public keys that sign approved actions and audit checkpoints, as a JWKS (RFC 7517) for
// execution-adapters and anyone downstream. No token: public keys are public.
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@governor/nest';
import type { JSONWebKeySet } from 'jose';
import { EventSigner } from './event-signer';

@Controller()
@ApiTags('signing')
export class JwksController {
  constructor(@Inject(EventSigner) private readonly signer: EventSigner) {}

  @Public()
  @Get('.well-known/jwks.json')
  @Header('content-type', 'application/jwk-set+json')
  // Short: a rotation shows within a minute; verifiers refetch on an unknown kid anyway.
  @Header('cache-control', 'public, max-age=60')
  jwks(): JSONWebKeySet {
    return this.signer.jwks;
  }
}
