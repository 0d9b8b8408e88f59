// class-transformer ships its metadata storage without typings at its CommonJS path; the schema
// generator needs it to see the element class of @Type arrays.
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
